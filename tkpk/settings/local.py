"""Developer and demo settings: the embedded default, debug on, a fixed dev secret."""

from tkpk.settings.base import *  # noqa: F403
from tkpk.settings.base import env
from tkpk.settings.envtools import env_bool

DEBUG = env_bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY", default="local-only-not-secret-7f3c1e9a2b6d4f8e0a1c3e5b7d9f2a4c6e8b0d"
)
