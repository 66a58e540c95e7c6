"""The pages and API calls people open daily find their rows through indexes.

On PostgreSQL, over a registry of 24,000 households (about 80,000 people), the national
programs' lists and a finished targeting run, with fresh statistics, every route of the load
test is opened and each of its reads explained with sequential scans priced out: a plan that
still reads households, persons, recipients or a run's results in full has no index that can
answer it (an OR across a join, a filter on an unindexed column). At a regency's 1.2 million
people such a scan costs seconds and, under load, starves every other page. Whether the
planner prefers those indexes at that scale is what ``loadtest/plans.py`` shows on the
benchmark database, and ``make loadtest`` measures.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from households.synthetic import synthetic_registry_import
from loadtest.routes import daily_routes, route_call, route_clients
from programs.models import TargetingRun
from programs.synthetic import recipients_generate
from programs.targeting.benchmark import DAY
from programs.targeting.services import targeting_run_execute
from tkpk.models import Region
from tkpk.queryplans import LARGE_TABLES, full_scans, unbounded_full_reads

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are PostgreSQL's"
)


@pytest.fixture
def regency_registry(people, catalogue, tmp_path):
    synthetic_registry_import(regency_code="35.05", households=24_000, seed=7, workdir=tmp_path)
    recipients_generate(regency_code="35.05", seed=7)
    regency = Region.objects.get(code="35.05")
    run = TargetingRun.objects.create(
        region=regency, reference_date=DAY, created_by=people.blitar_secretariat
    )
    targeting_run_execute(run_id=run.pk)
    with connection.cursor() as cursor:
        for table in sorted(LARGE_TABLES):
            cursor.execute(f"ANALYZE {table}")
    out = tmp_path / "params.json"
    call_command("loadtest_prepare", out=str(out), samples=20)
    return json.loads(out.read_text(encoding="utf-8"))


def test_daily_routes_read_no_large_table_in_full(regency_registry):
    # given the routes of the load test, signed in as their roles
    clients = route_clients(regency_registry, Client, get_user_model().objects)
    scans = []
    for route in daily_routes(regency_registry):
        # when each is opened (again: the region's registry counts are kept between
        # batches, and only the first view after a commit adds them up)
        route_call(route, clients)
        with CaptureQueriesContext(connection) as captured:
            response = route_call(route, clients)
        assert response.status_code == 200, route.name
        # then no read of it scans a large table whole
        scans += [
            f"{route.name}: {scan.table} in {scan.sql[:300]}"
            for scan in full_scans(
                (q["sql"] for q in captured.captured_queries), indexes_first=True
            )
        ]
    assert not scans, "\n".join(scans)


def test_a_scan_under_a_limit_stops_early_but_one_under_a_sort_or_a_whole_index_does_not():
    scan = {"Node Type": "Seq Scan", "Relation Name": "households_person"}
    limited = {"Node Type": "Limit", "Plans": [{"Node Type": "Gather", "Plans": [scan]}]}
    sorted_first = {"Node Type": "Limit", "Plans": [{"Node Type": "Sort", "Plans": [scan]}]}
    inner = {
        "Node Type": "Limit",
        "Plans": [{"Node Type": "Nested Loop", "Plans": [{"Node Type": "Index Scan"}, scan]}],
    }
    assert list(unbounded_full_reads(limited)) == []
    assert list(unbounded_full_reads(sorted_first)) == ["households_person"]
    assert list(unbounded_full_reads(inner)) == ["households_person"]
    assert list(unbounded_full_reads(scan)) == ["households_person"]
    walk = {"Node Type": "Index Scan", "Relation Name": "households_person"}
    assert list(unbounded_full_reads(walk)) == ["households_person"]
    assert list(unbounded_full_reads({**walk, "Index Cond": "(id = 1)"})) == []
