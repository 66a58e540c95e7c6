"""Evaluation figures against an independent plain-Python computation on a small world."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from django.urls import reverse

from monitoring.evaluation.selectors import (
    ABSORPTION_GAP_PERCENT,
    budget_realisation_by_agency_and_source,
    evaluation_rows,
    funding_by_cluster,
)
from monitoring.models import Report
from monitoring.realisation.services import Beneficiaries, realisation_review
from tests.monitoring.planworld import plan_world, report

HEALTH_1 = "1.02.02.2.01.0001"
HEALTH_2 = "1.02.02.2.01.0002"
SOCIAL = "1.06.04.2.01.0001"
NOBODY = Beneficiaries()

# The RAT 2026 of the plan world, written out by hand: code -> (agency, cluster, target,
# {source: planned}).
PLANNED = {
    HEALTH_1: (
        "health",
        1,
        Decimal(100),
        {"apbd_regency": Decimal(100_000_000), "apbn": Decimal(50_000_000)},
    ),
    HEALTH_2: ("health", 1, Decimal(40), {"apbd_province": Decimal(20_000_000)}),
    SOCIAL: (
        "social",
        2,
        Decimal(10),
        {"apbdes": Decimal(30_000_000), "non_government": Decimal(10_000_000)},
    ),
}
# (code, quarter, physical, spending, what the secretariat does)
REPORTS = [
    (HEALTH_1, 1, Decimal(20), {"apbd_regency": Decimal(20_000_000)}, "accept"),
    (
        HEALTH_1,
        2,
        Decimal(30),
        {"apbd_regency": Decimal(15_000_000), "apbn": Decimal(5_000_000)},
        "accept",
    ),
    (HEALTH_1, 3, Decimal(10), {"apbd_regency": Decimal(5_000_000)}, "accept"),
    (HEALTH_1, 4, Decimal(40), {"apbd_regency": Decimal(60_000_000)}, "wait"),
    (HEALTH_2, 1, Decimal(5), {"apbd_province": Decimal(2_000_000)}, "return"),
    (HEALTH_2, 2, Decimal(15), {"apbd_province": Decimal(12_000_000)}, "accept"),
    (
        SOCIAL,
        1,
        Decimal(2),
        {"apbdes": Decimal(5_000_000), "non_government": Decimal(1_000_000)},
        "accept",
    ),
    (SOCIAL, 3, Decimal(3), {"apbdes": Decimal(4_000_000)}, "accept"),
]


@pytest.fixture
def world(people):
    pw = plan_world(people)
    officers = {"health": pw.health_officer, "social": pw.social_officer}
    for code, quarter, physical, spending, decision in REPORTS:
        done = report(
            officers[PLANNED[code][0]],
            pw.blitar.subs[code],
            quarter,
            physical=physical,
            spending=spending,
            beneficiaries=NOBODY,
        )
        if decision != "wait":
            realisation_review(
                user=people.blitar_secretariat,
                report=done,
                accept=decision == "accept",
                reason="Tidak lengkap",
            )
    # Jember reports too; none of it may count for Blitar.
    jember = report(
        pw.jember_health_officer,
        pw.jember.subs[HEALTH_1],
        1,
        spending={"apbd_regency": Decimal(99_000_000)},
        beneficiaries=NOBODY,
    )
    realisation_review(user=people.jember_secretariat, report=jember, accept=True)
    return pw


def expected(quarter: int, key) -> dict:
    """Planned and realised per key, from the tables above (accepted reports only)."""
    out: dict = defaultdict(lambda: {"planned": Decimal(0), "realised": Decimal(0)})
    for code, (agency, cluster, _target, planned) in PLANNED.items():
        for source, amount in planned.items():
            out[key(code, agency, cluster, source)]["planned"] += amount
    for code, q, _physical, spending, decision in REPORTS:
        if decision == "accept" and q <= quarter:
            agency, cluster = PLANNED[code][0], PLANNED[code][1]
            for source, amount in spending.items():
                out[key(code, agency, cluster, source)]["realised"] += amount
    return dict(out)


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_budget_by_agency_and_source_agrees_with_a_plain_computation(world, quarter):
    names = {"health": world.blitar.health.name, "social": world.blitar.social.name}
    want = expected(quarter, lambda code, agency, cluster, source: (names[agency], source))
    rows = budget_realisation_by_agency_and_source(
        user=world.people.blitar_secretariat, region="35.05", year=2026, quarter=quarter
    )
    got = {
        (r["agency"], r["source"]): {"planned": r["planned"], "realised": r["realised"]}
        for r in rows
    }
    assert got == want
    for r in rows:
        gap = quarter >= 3 and r["realised"] * 100 < r["planned"] * ABSORPTION_GAP_PERCENT
        assert r["gap"] == gap


def test_gaps_are_flagged_from_the_third_quarter(world):
    rows = budget_realisation_by_agency_and_source(
        user=world.people.blitar_secretariat, region="35.05", year=2026, quarter=3
    )
    by_key = {(r["agency"], r["source"]): r for r in rows}
    # APBD regency of Dinas Kesehatan: 40 of 100 million spent by Q3 (Q4 still waiting).
    health = by_key[(world.blitar.health.name, "apbd_regency")]
    assert (health["realised"], health["absorption_percent"], health["gap"]) == (
        Decimal(40_000_000),
        Decimal("40.0"),
        True,
    )
    q2 = budget_realisation_by_agency_and_source(
        user=world.people.blitar_secretariat, region="35.05", year=2026, quarter=2
    )
    assert not any(r["gap"] for r in q2)


@pytest.mark.parametrize(
    ("by", "key"),
    [
        ("cluster", lambda code, agency, cluster, source: cluster),
        ("source", lambda code, agency, cluster, source: source),
        ("activity", lambda code, agency, cluster, source: code.rsplit(".", 1)[0]),
    ],
)
def test_each_dimension_agrees_with_a_plain_computation(world, by, key):
    want = expected(3, key)
    rows = evaluation_rows(
        user=world.people.blitar_secretariat, region="35.05", year=2026, quarter=3, by=by
    )
    if by == "activity":
        got = {r.label.split(" ")[0]: {"planned": r.planned, "realised": r.realised} for r in rows}
    else:
        got = {r.key: {"planned": r.planned, "realised": r.realised} for r in rows}
    assert got == want


def test_indicators_show_target_against_physical_realisation(world):
    rows = evaluation_rows(
        user=world.people.blitar_secretariat, region="35.05", year=2026, quarter=4, by="indicator"
    )
    got = {r.label.split(" ")[0]: (r.target, r.physical, r.physical_percent) for r in rows}
    physical: dict = defaultdict(Decimal)
    for code, _q, amount, _s, decision in REPORTS:
        if decision == "accept":
            physical[code] += amount
    want = {
        code: (target, physical[code], (physical[code] * 100 / target).quantize(Decimal("0.1")))
        for code, (_a, _c, target, _p) in PLANNED.items()
    }
    assert got == want


def test_the_funding_view_puts_sources_side_by_side_per_cluster(world):
    table = funding_by_cluster(
        user=world.people.blitar_secretariat, region="35.05", year=2026, quarter=4
    )
    want = expected(4, lambda code, agency, cluster, source: (cluster, source))
    for row in table["rows"]:
        for source, cell in row["cells"].items():
            figures = want.get((row["cluster"], source), {"planned": 0, "realised": 0})
            assert (cell.planned, cell.realised) == (figures["planned"], figures["realised"])
    assert table["total"]["total"].planned == sum(v["planned"] for v in want.values())
    assert table["total"]["total"].realised == sum(v["realised"] for v in want.values())


def test_location_rows_count_each_sub_activity_in_its_locations(world):
    rows = evaluation_rows(
        user=world.people.blitar_secretariat, region="35.05", year=2026, quarter=4, by="location"
    )
    assert [(r.key, r.planned) for r in rows] == [("35.05.01", Decimal(210_000_000))]


def test_jember_sees_none_of_blitars_money(world):
    rows = budget_realisation_by_agency_and_source(
        user=world.people.jember_secretariat, region="35.05", year=2026
    )
    assert rows == []
    own = budget_realisation_by_agency_and_source(
        user=world.people.jember_secretariat, region="35.09", year=2026
    )
    assert sum(r["realised"] for r in own) == Decimal(99_000_000)


def test_the_pages_show_the_figures(world, login):
    client = login(world.people.blitar_secretariat)
    page = client.get(reverse("evaluation:targets") + "?tahun=2026&triwulan=3&per=agency")
    body = page.content.decode()
    assert page.status_code == 200
    assert world.blitar.health.name in body and "serapan rendah" in body
    assert "JEMBER" not in body
    funding = client.get(reverse("evaluation:funding") + "?tahun=2026")
    assert funding.status_code == 200
    assert "Non-pemerintah" in funding.content.decode()
    assert Report.objects.filter(status="accepted").count() == 7


def test_the_figures_come_from_grouped_queries_whatever_the_number_of_reports(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = world.people.blitar_secretariat
    user.__dict__.pop("_tkpk_assignments", None)
    with CaptureQueriesContext(connection) as queries:
        budget_realisation_by_agency_and_source(user=user, region="35.05", year=2026)
    # the user's roles, planned per agency and source, realised likewise, agency names
    assert len(queries) == 4, [q["sql"][:90] for q in queries]
    with CaptureQueriesContext(connection) as queries:
        funding_by_cluster(user=user, region="35.05", year=2026)
    # planned and realised per cluster and source
    assert len(queries) == 2
    with CaptureQueriesContext(connection) as queries:
        evaluation_rows(user=user, region="35.05", year=2026, by="agency")
    # planned, realised, labels
    assert len(queries) == 3


def test_the_leaders_dashboard_shows_the_years_budget_realisation(world):
    from django.template.loader import render_to_string

    from monitoring.dashboard.selectors import dashboard_budget_realisation

    budget = dashboard_budget_realisation(
        user=world.people.blitar_leader, region_code="35.05", year=2026
    )
    want = expected(4, lambda code, agency, cluster, source: (agency, source))
    assert budget is not None
    assert budget["planned"] == sum(v["planned"] for v in want.values())
    assert budget["realised"] == sum(v["realised"] for v in want.values())  # accepted only
    html = render_to_string("monitoring/dashboard/_budget_realisation.html", {"budget": budget})
    assert world.blitar.health.name in html and "APBDes" in html
    assert f"Rp{budget['realised']:,.0f}".replace(",", ".") in html.replace("\xa0", "")
    # A region with nothing planned that year has no table, only the sentence.
    assert (
        dashboard_budget_realisation(
            user=world.people.blitar_leader, region_code="35.05", year=2031
        )
        is None
    )


def test_a_long_evaluation_pages_its_rows_under_the_totals_of_all(world, login, monkeypatch):
    import re

    from monitoring.evaluation import views

    monkeypatch.setattr(views, "ROWS_PER_PAGE", 1)
    rows = evaluation_rows(
        user=world.people.blitar_secretariat, region="35.05", year=2026, quarter=4, by="agency"
    )
    assert len(rows) > 1
    client = login(world.people.blitar_secretariat)
    url = reverse("evaluation:targets") + "?tahun=2026&triwulan=4&per=agency"
    first, last = client.get(url).content.decode(), client.get(url + f"&hal={len(rows)}")
    last = last.content.decode()
    assert rows[0].label in first and rows[-1].label not in first
    assert rows[-1].label in last
    planned = sum(r.planned for r in rows)
    for body in (first, last):
        total = body.split('data-testid="total"')[1].split("</tr>")[0]
        assert f"{int(planned):,}".replace(",", ".") in total
        assert re.search(rf"\({len(rows)} baris, semua halaman\)", total)
