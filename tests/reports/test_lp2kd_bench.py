"""The benchmark's LP2KD phase, on a small world: it times the generation and counts pages."""

from __future__ import annotations

from reports.lp2kd.benchmark import lp2kd_bench
from reports.models import Lp2kdVersion


def test_the_bench_phase_generates_the_regencys_report(world):
    lines = []
    figures = lp2kd_bench(
        regency_code="35.05", report=lambda phase, seconds, rows: lines.append(phase)
    )
    version = Lp2kdVersion.objects.get(report__region_id="35.05", report__year=2026)
    assert figures["lp2kd_pages"] == version.pdf_pages > 5
    assert figures["lp2kd_s"] > 0
    assert version.snapshot is not None and version.run_id == world.pk
    assert lines and "halaman" in lines[0]
