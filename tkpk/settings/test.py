"""Test settings: the same database and broker choice as the app, faster hashing."""

import hashlib
import tempfile
from pathlib import Path

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
