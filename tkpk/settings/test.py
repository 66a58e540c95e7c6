"""Test settings: the same database and broker choice as the app, faster hashing."""

import hashlib
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tkpk.settings import base as _base
from tkpk.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret-6d2f8a1c4e7b9d3f5a0c2e4b6d8f1a3c5e7b9d0f"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tkpk-test-private-"))

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: threads (in-process jobs, the live server) then wait
    # for each other the way the embedded default does, instead of failing on table locks.
    # Named after the checkout, so two checkouts on one machine can test side by side.
    checkout = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8]  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"tkpk-test-{checkout}.sqlite3")
    }

# pytest-xdist runs the suite in several processes: each takes its own Redis database (the
# broker and the cache), so one process's Celery worker never takes another's jobs and a
# test clearing the cache clears only its own. Each also gets its own test database
# (pytest-django adds the worker's name to it).
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
# Read through the module: mypy takes a star-imported name that this module assigns again
# for one used before its definition.
if _base.REDIS_URL and _xdist_worker:
    _redis = urlsplit(_base.REDIS_URL)
    _db = (int(_redis.path.strip("/") or 0) - int(_xdist_worker.removeprefix("gw"))) % 16
    REDIS_URL = urlunsplit(_redis._replace(path=f"/{_db}"))
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
    CELERY_BROKER_URL = REDIS_URL
