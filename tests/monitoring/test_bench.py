"""The benchmark's monitoring phase on a small scale: it fills a RAT with a year of
realisation, reruns afresh, and times every page it names."""

from __future__ import annotations

from django.db.models import Sum

from monitoring.benchmark import MonitoringScale, dashboard_bench, page_urls
from monitoring.models import Plan, Report, Spending, SubActivity

SMALL = MonitoringScale(agencies=3, activities_per_agency=2, subs_per_activity=2)


def test_the_phase_fills_a_year_of_realisation_and_times_every_page(regions):
    lines: list[str] = []
    figures = dashboard_bench(
        regency_code="35.05", seed=7, report=lambda phase, s, n: lines.append(phase), scale=SMALL
    )
    subs = SubActivity.objects.filter(plan__title="Bench RAT")
    assert subs.count() == 3 * 2 * 2
    assert set(subs.values_list("agency__code", flat=True)) == {"bench-01", "bench-02", "bench-03"}
    reports = Report.objects.filter(sub_activity__in=subs)
    assert figures["realisation_reports"] == reports.count() > 0
    assert set(reports.values_list("quarter", flat=True)) <= {1, 2, 3, 4}
    assert Spending.objects.filter(report__in=reports).aggregate(s=Sum("amount"))["s"] > 0
    assert set(figures["dashboard_pages_s"]) == set(page_urls("35.05"))
    assert figures["dashboard_s"] == max(figures["dashboard_pages_s"].values())
    assert any("realisasi" in line for line in lines)

    # a second run makes the plan afresh instead of adding to it
    again = dashboard_bench(regency_code="35.05", seed=7, report=lambda *a: None, scale=SMALL)
    assert Plan.objects.filter(title__startswith="Bench ").count() == 2
    assert again["realisation_reports"] == Report.objects.count() == figures["realisation_reports"]
