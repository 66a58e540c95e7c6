from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from tests.personas import PASSWORD, Cast, cast
from tkpk.models import Region
from tkpk.services.regions import regions_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real region list once; tests roll back around it."""
    with django_db_blocker.unblock():
        regions_load()


@pytest.fixture
def regions(db) -> None:
    """The region list, reloaded when a transactional test emptied the tables before."""
    if not Region.objects.filter(code="35.05").exists():
        regions_load()


@pytest.fixture
def catalogue(db) -> None:
    """The national programs (a data migration), reinstalled when a transactional test
    emptied the tables before."""
    from programs.defaults import catalogue_install_defaults
    from programs.models import BenefitComponent, Program

    catalogue_install_defaults(Program, BenefitComponent)


@pytest.fixture
def people(regions) -> Cast:
    return cast()


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English (LocaleMiddleware) leaves English active in the thread; the next
    test starts in the default language again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Login throttling and API throttles live in the cache; each test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def login():
    def _login(user) -> Client:
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return _login


@pytest.fixture
def api():
    def _api(key: str | None = None) -> APIClient:
        client = APIClient()
        if key:
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return _api


uses_redis = pytest.mark.skipif(
    not settings.REDIS_URL, reason="needs REDIS_URL: runs in CI against a real worker"
)
uses_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL"
)


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker consuming from the real broker, in a thread of this process."""
    from celery.contrib.testing.worker import start_worker

    from tkpk.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
