"""Settings shared by every environment.

With no environment at all the product runs on its embedded default: a SQLite file under
``TKPK_DATA_DIR`` and background jobs executed in the web process. ``DATABASE_URL`` switches
to PostgreSQL and ``REDIS_URL`` to Redis with Celery workers.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from tkpk.logs import logging_config
from tkpk.settings.envtools import env_bool

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

DATA_DIR = Path(env.str("TKPK_DATA_DIR", default=str(BASE_DIR / "data")))
PRIVATE_MEDIA_ROOT = DATA_DIR / "private"

DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
USE_X_FORWARDED_FOR = env_bool("TKPK_USE_X_FORWARDED_FOR", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "tkpk",
    "households",
    "programs",
    "musrenbang",
    "monitoring",
    "complaints",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tkpk.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tkpk.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "tkpk.urls"
WSGI_APPLICATION = "tkpk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tkpk.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'tkpk.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the progress page read while a job writes; IMMEDIATE avoids lock upgrades
    # failing half-way through a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "tkpk.User"
AUTHENTICATION_BACKENDS = ["tkpk.access.RoleBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
LOGIN_FAILURE_LIMIT = env.int("TKPK_LOGIN_FAILURE_LIMIT", default=5)
LOGIN_LOCKOUT = timedelta(minutes=env.int("TKPK_LOGIN_LOCKOUT_MINUTES", default=15))

# Indonesian is the source language of the interface; English is a translation.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so a call without credentials answers 401 with WWW-Authenticate.
        "tkpk.apis.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["tkpk.apis.permissions.HasRole"],
    "DEFAULT_PAGINATION_CLASS": "tkpk.apis.pagination.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("TKPK_API_ANON_RATE", default="60/minute"),
        "user": env.str("TKPK_API_USER_RATE", default="1200/minute"),
        "complaints": env.str("TKPK_COMPLAINTS_API_RATE", default="120/minute"),
    },
    "EXCEPTION_HANDLER": "tkpk.apis.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "TKPK API",
    "DESCRIPTION": "API platform koordinasi TKPK untuk instansi lain. Setiap token terikat "
    "pada satu instansi dan satu wilayah; semua jawaban dibatasi pada wilayah itu.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "HouseholdStatusEnum": "households.models.Household.Status",
        "PersonStatusEnum": "households.models.Person.Status",
        "BatchStateEnum": "households.models.VerificationBatch.State",
        "RecipientStatusEnum": "programs.models.Recipient.Status",
        "RecipientBatchRowOutcomeEnum": "programs.models.RecipientBatchRow.Outcome",
        "TargetingRunStateEnum": "programs.models.TargetingRun.State",
        "RecipientSourceEnum": "programs.models.Recipient.Source",
        "FundingSourceEnum": "programs.models.Program.Funding",
    },
}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 60 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 55 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "fail-stale-jobs": {"task": "tkpk.tasks.jobs_fail_stale", "schedule": 60.0},
    "household-facts": {
        "task": "households.tasks.household_facts_refresh",
        "schedule": crontab(hour=1, minute=30),
    },
}
# A running job that has not reported progress for this long lost its worker.
TKPK_JOBS_IN_THREAD = False
JOB_STALE_AFTER = timedelta(seconds=env.int("TKPK_JOB_STALE_AFTER_SECONDS", default=15 * 60))

LOG_LEVEL = env.str("TKPK_LOG_LEVEL", default="INFO")
LOGGING = logging_config(fmt=env.str("TKPK_LOG_FORMAT", default="text"), level=LOG_LEVEL)

DEMO_REGENCY_CODE = "35.05"

# Public complaints (pengaduan). The region whose villages the public form offers (a
# regency code such as 35.05; empty = every village in the country). Rates are "N/period"
# (second, minute, hour, day), counted per client address in the cache above: Redis in
# production, local memory in the embedded default (per process: with several gunicorn
# workers set REDIS_URL so the count is shared). Behind a proxy, also set
# TKPK_USE_X_FORWARDED_FOR so the address is the client's, not the proxy's.
COMPLAINTS_REGION = env.str("TKPK_COMPLAINTS_REGION", default="")
COMPLAINTS_SUBMIT_RATE = env.str("TKPK_COMPLAINTS_SUBMIT_RATE", default="10/hour")
COMPLAINTS_LOOKUP_RATE = env.str("TKPK_COMPLAINTS_LOOKUP_RATE", default="60/minute")
