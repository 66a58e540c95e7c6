"""Pages timed for ``manage.py bench``: each rendered through the test client once to warm up
(PostgreSQL's own cache, nothing of ours) and once timed."""

from __future__ import annotations

import time

from django.conf import settings
from django.test import Client, override_settings

from tkpk.models import User


def pages_timed(*, user: User, urls: dict[str, str]) -> dict[str, float]:
    """Seconds per named page; a page that does not answer 200 stops the benchmark."""
    client = Client()
    client.force_login(user)
    seconds: dict[str, float] = {}
    # The test client's host, beside the installation's own names.
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        for name, url in urls.items():
            client.get(url)
            started = time.perf_counter()
            response = client.get(url)
            seconds[name] = time.perf_counter() - started
            if response.status_code != 200:
                raise RuntimeError(f"{name}: HTTP {response.status_code}")
    return seconds
