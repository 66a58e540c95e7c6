"""Developer and demo settings: the embedded default, debug on, a fixed dev secret."""

from tkpk.settings.base import *  # noqa: F403
from tkpk.settings.base import env
from tkpk.settings.envtools import env_bool

# The demo shows the product's own error pages; set DJANGO_DEBUG=true to debug.
DEBUG = env_bool("DJANGO_DEBUG", default=False)
# Serve static files straight from the apps, so the demo needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# In-process jobs run in a thread, so the progress page can be watched as in production.
TKPK_JOBS_IN_THREAD = env_bool("TKPK_JOBS_IN_THREAD", default=True)
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY", default="local-only-not-secret-7f3c1e9a2b6d4f8e0a1c3e5b7d9f2a4c6e8b0d"
)
