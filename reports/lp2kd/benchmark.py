"""The LP2KD phase of ``manage.py bench``: a regency's report generated the way the job
does it (every table, the PDF, the annex) over the benchmark's registry and run."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from reports.lp2kd.services import lp2kd_create, lp2kd_version_generate
from reports.models import Lp2kd
from tkpk.models import Region, RoleAssignment, User
from tkpk.roles import Role

Report = Callable[[str, float, int], None]
YEAR = 2026


def lp2kd_bench(*, regency_code: str, report: Report, year: int = YEAR) -> dict[str, Any]:
    """Generate the regency's LP2KD of ``year`` (made afresh) and time it: ``lp2kd_s`` and
    the PDF's page count."""
    regency = Region.objects.get(code=regency_code)
    user, _ = User.objects.get_or_create(username="bench.sekretariat")
    RoleAssignment.objects.get_or_create(user=user, role=Role.SECRETARIAT, region=regency)
    Lp2kd.objects.filter(region=regency, year=year).delete()
    lp2kd = lp2kd_create(user=user, region=regency, year=year)
    version = lp2kd.versions.get()
    started = time.perf_counter()
    generated = lp2kd_version_generate(version_id=version.pk)
    seconds = time.perf_counter() - started
    report(f"lp2kd: tabel, PDF ({generated.pages} halaman), lampiran", seconds, generated.pages)
    return {"lp2kd_s": round(seconds, 2), "lp2kd_pages": generated.pages}
