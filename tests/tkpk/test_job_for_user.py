"""A job a user starts from a page (an export, a worker check) is filed under the user's own
region, or under the region it belongs to; a user without the permission anywhere gets the
same 404 as for anything they may not know of."""

from __future__ import annotations

import pytest
from django.http import Http404

from tests.personas import BLITAR
from tkpk.models import Region
from tkpk.roles import Permission
from tkpk.services.jobs import job_create_for_user


def test_the_job_is_filed_under_the_users_region(people):
    job = job_create_for_user(
        kind="worker_check",
        user=people.blitar_secretariat,
        permission=Permission.CHECK_WORKERS,
        parameters={"steps": 1, "seconds_per_step": 0},
    )
    assert job.region_id == BLITAR


def test_a_job_that_belongs_to_a_region_is_filed_there(people):
    district = Region.objects.get(code="35.05.01")
    job = job_create_for_user(
        kind="worker_check",
        user=people.blitar_secretariat,
        permission=Permission.CHECK_WORKERS,
        region=district,
    )
    assert job.region_id == "35.05.01"


def test_without_the_permission_anywhere_it_is_not_found(people):
    with pytest.raises(Http404):
        job_create_for_user(
            kind="worker_check", user=people.outsider, permission=Permission.CHECK_WORKERS
        )
