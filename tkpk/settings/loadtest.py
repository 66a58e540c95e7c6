"""Production settings served over plain HTTP on loopback, for ``make loadtest`` only: the
load tool talks to gunicorn directly, without the TLS proxy that production sits behind."""

from tkpk.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
