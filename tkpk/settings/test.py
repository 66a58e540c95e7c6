"""Test settings: the same database and broker choice as the app, faster hashing."""

import tempfile
from pathlib import Path

from tkpk.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret-6d2f8a1c4e7b9d3f5a0c2e4b6d8f1a3c5e7b9d0f"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tkpk-test-private-"))
