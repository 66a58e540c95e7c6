"""Each route of the load test, unloaded, on the benchmark database: its time, its queries,
the slowest of them and any large table its plans read in full.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tkpk_bench .venv/bin/python loadtest/plans.py

The tool that finds what to index before ``make loadtest``; the test of the same plans at a
smaller scale is ``tests/tkpk/test_query_plans.py``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tkpk.settings.local")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tkpk_bench")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from loadtest.routes import daily_routes, route_call, route_clients  # noqa: E402
from tkpk.queryplans import full_scans  # noqa: E402

SAMPLES = 3
SLOW_QUERY_S = 0.02


def main() -> int:
    out = Path(tempfile.mkdtemp(prefix="tkpk-plans-")) / "params.json"
    call_command("loadtest_prepare", out=str(out), samples=20)
    params = json.loads(out.read_text(encoding="utf-8"))
    clients = route_clients(params, Client, get_user_model().objects)
    for route in daily_routes(params):
        took, statuses = [], set()
        for _ in range(SAMPLES):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                statuses.add(route_call(route, clients).status_code)
                took.append((time.perf_counter() - start) * 1000)
        queries = captured.captured_queries
        print(
            f"{route.name:<36} {median(took):7.0f} ms {len(queries):3d} queries {sorted(statuses)}"
        )
        for query in sorted(queries, key=lambda q: -float(q["time"]))[:3]:
            if float(query["time"]) > SLOW_QUERY_S:
                print(f"    {float(query['time']) * 1000:6.0f} ms: {query['sql'][:600]}")
        for scan in full_scans(q["sql"] for q in queries):
            print(f"    FULL SCAN {scan.table}: {scan.sql[:600]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
