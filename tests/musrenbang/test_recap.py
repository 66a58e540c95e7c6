"""The regency recap and table T-D.4: every figure against a plain count of the proposals
made here, the page, the XLSX and the CSV, and the region scope."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from musrenbang.models import Proposal, Stage
from musrenbang.recap import FIGURES, TD4_COLUMNS, regency_recap
from musrenbang.services import (
    district_ceiling_fill,
    district_ceiling_set,
    planning_year_create,
    proposal_reject,
)
from musrenbang.services.review import (
    FateInput,
    ReviewInput,
    proposal_fate_record,
    proposal_review_record,
)
from tests.musrenbang.conftest import OTHER_WONODADI_VILLAGE
from tests.personas import BLITAR, JATEN, JEMBER, PADOMASAN, person
from tkpk.models import Agency, AuditAction, AuditEntry, Region
from tkpk.roles import Role

KANIGORO_VILLAGE = "35.05.02.2001"


def _make(year, village, *, title, cost, score, field="health", physical=False, agency=None):
    return Proposal.objects.create(
        planning_year=year,
        stage=year.stages.get(kind=Stage.Kind.MUSDES),
        village_id=village,
        title=title,
        problem="-",
        is_physical=physical,
        field_of_affairs=field,
        volume=Decimal("2.5"),
        unit="paket",
        estimated_cost=cost,
        beneficiaries=10,
        beneficiary_kind="household",
        score=Decimal(score) if score else None,
        agency=agency,
    )


@pytest.fixture
def regency(people, year):
    """Two districts of Blitar filled within their ceilings, reviewed and funded in part;
    a Jember year beside it that must never show."""
    dinkes = Agency.objects.create(
        code="dinkes", name="Dinas Kesehatan", kind="opd", region_id=BLITAR
    )
    pupr = Agency.objects.create(code="pupr", name="Dinas PUPR", kind="opd", region_id=BLITAR)
    officer = person("opd.dinkes", Role.AGENCY_OFFICER, BLITAR, agency=dinkes)
    made = [
        _make(year, JATEN, title="Posyandu", cost=20_000_000, score="4.5", agency=dinkes),
        _make(
            year,
            JATEN,
            title="Jalan desa",
            cost=70_000_000,
            score="4.0",
            field="public_works",
            physical=True,
            agency=pupr,
        ),
        _make(
            year,
            OTHER_WONODADI_VILLAGE,
            title="Jamban",
            cost=15_000_000,
            score="3.5",
            agency=dinkes,
        ),
        _make(
            year,
            OTHER_WONODADI_VILLAGE,
            title="Gizi balita",
            cost=5_000_000,
            score="3.0",
            agency=dinkes,
        ),
        _make(year, JATEN, title="Tanpa skor", cost=1_000_000, score=""),
        _make(
            year,
            KANIGORO_VILLAGE,
            title="Drainase",
            cost=40_000_000,
            score="4.0",
            field="public_works",
            physical=True,
            agency=pupr,
        ),
        _make(
            year,
            KANIGORO_VILLAGE,
            title="Pelatihan",
            cost=10_000_000,
            score="2.0",
            field="manpower",
        ),
    ]
    secretariat = people.blitar_secretariat
    for code, amount in (("35.05.01", "45.000.000"), ("35.05.02", "60.000.000")):
        district = Region.objects.get(code=code)
        district_ceiling_set(user=secretariat, planning_year=year, district=district, amount=amount)
        district_ceiling_fill(user=secretariat, planning_year=year, district=district)
    proposal_reject(
        user=secretariat, proposal=Proposal.objects.get(title="Pelatihan"), reason="Ganda"
    )
    posyandu = Proposal.objects.get(title="Posyandu")
    jamban = Proposal.objects.get(title="Jamban")
    for p in (posyandu, jamban):
        proposal_review_record(
            user=officer,
            proposal=p,
            data=ReviewInput(
                decision="accepted",
                program="Program Kesehatan Masyarakat",
                activity="Layanan dasar",
            ),
        )
    proposal_fate_record(
        user=officer, proposal=posyandu, data=FateInput(fate="funded", amount="18.000.000")
    )
    proposal_fate_record(
        user=officer,
        proposal=jamban,
        data=FateInput(fate="not_funded", reason="Anggaran tidak cukup"),
    )
    jember = planning_year_create(user=people.jember_secretariat, region_code=JEMBER, year=2027)
    _make(jember, PADOMASAN, title="JEMBER-MARKER", cost=9_000_000, score="5")
    return {"made": made, "officer": officer}


def reference(rows: list[Proposal], key) -> dict[object, dict[str, int]]:
    """The figures counted one proposal at a time, the plain way."""
    out: dict[object, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    for p in rows:
        for k in (key(p), "total"):
            f = out[k]
            f["proposals"] += 1
            f["cost"] += p.estimated_cost
            f["physical"] += p.is_physical
            f["accepted"] += p.status == "accepted"
            f["accepted_cost"] += p.estimated_cost if p.status == "accepted" else 0
            f["reserve"] += p.status == "reserve"
            f["rejected"] += p.status == "rejected"
            f["renja"] += p.review == "accepted"
            f["funded"] += p.fate == "funded"
            f["funded_amount"] += (p.fate_amount or 0) if p.fate == "funded" else 0
            f["not_funded"] += p.fate == "not_funded"
    return out


def test_every_figure_agrees_with_a_plain_count(people, year, regency):
    recap = regency_recap(user=people.blitar_secretariat, planning_year=year)
    rows = list(Proposal.objects.filter(planning_year=year).select_related("village"))
    assert len(rows) == 7
    for grouping, key, code in (
        ("districts", lambda p: p.village.parent_id, "code"),
        ("fields", lambda p: p.field_of_affairs, "code"),
        ("agencies", lambda p: p.agency_id, "id"),
        ("statuses", lambda p: p.status, "code"),
    ):
        expected = reference(rows, key)
        got = {r[code]: {k: r[k] for k in FIGURES} for r in recap[grouping]}
        assert got == {k: v for k, v in expected.items() if k != "total"}, grouping
        assert recap["totals"] == expected["total"]
    # The figures a person would look for first.
    assert recap["totals"]["accepted"] == 4  # Posyandu, Jamban, Gizi; Drainase
    assert recap["totals"]["funded_amount"] == 18_000_000
    districts = {d["code"]: d for d in recap["districts"]}
    assert districts["35.05.01"]["ceiling"] == 45_000_000
    assert districts["35.05.01"]["accepted_cost"] == districts["35.05.01"]["agreed_total"]
    assert recap["ceiling_total"] == 105_000_000


def test_table_td4_lists_the_agreed_proposals_by_agency_then_rank(people, year, regency):
    recap = regency_recap(user=people.blitar_secretariat, planning_year=year)
    td4 = recap["td4"]
    assert [(r["perangkat_daerah"], r["kegiatan_prioritas"]) for r in td4] == [
        ("Dinas Kesehatan", "Posyandu"),
        ("Dinas Kesehatan", "Jamban"),
        ("Dinas Kesehatan", "Gizi balita"),
        ("Dinas PUPR", "Drainase"),
    ]
    assert [r["no_prioritas_daerah"] for r in td4] == [1, 2, 3, 4]
    assert td4[0]["program"] == "Program Kesehatan Masyarakat"  # from the agency's review
    assert td4[0]["lokasi"] == "Jaten, Wonodadi"
    assert td4[0]["volume"] == "2,50 paket"
    assert recap["td4_total"] == sum(
        p.estimated_cost for p in Proposal.objects.filter(planning_year=year, status="accepted")
    )


def test_the_page_and_both_downloads_show_the_same_figures(people, year, regency, login):
    client = login(people.blitar_secretariat)
    page = client.get(reverse("musrenbang:recap", args=[year.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Rp\u00a040.000.000" in body  # the T-D.4 line of Drainase
    assert "Posyandu" in body and "Drainase" in body
    assert "JEMBER-MARKER" not in body and "Padomasan" not in body

    xlsx = client.get(reverse("musrenbang:recap-download", args=[year.pk, "xlsx"]))
    assert xlsx.status_code == 200
    assert "attachment" in xlsx["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book["T-D.4"]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[1]) == [label for _k, label in TD4_COLUMNS]
    assert [v[4] for v in values[2:6]] == ["Posyandu", "Jamban", "Gizi balita", "Drainase"]
    assert values[6][7:9] == ("Jumlah", 80_000_000)
    districts = list(book["Kecamatan"].iter_rows(values_only=True))
    assert districts[-1][0] == "Jumlah" and districts[-1][2] == 7

    text = client.get(reverse("musrenbang:recap-download", args=[year.pk, "csv"])).content
    lines = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert lines[0] == [label for _k, label in TD4_COLUMNS]
    assert len(lines) == 5 and lines[4][4] == "Drainase" and lines[4][8] == "40000000"
    assert AuditEntry.objects.filter(action=AuditAction.MUSRENBANG_RECAP_EXPORTED).count() == 2
    assert (
        client.get(reverse("musrenbang:recap-download", args=[year.pk, "pdf"])).status_code == 404
    )


def test_a_village_operator_sees_only_their_villages_figures(people, year, regency):
    recap = regency_recap(user=people.jaten_village_operator, planning_year=year)
    assert recap["totals"]["proposals"] == 3
    assert {r["kegiatan_prioritas"] for r in recap["td4"]} == {"Posyandu"}


def test_another_regencys_recap_reads_not_found(people, year, regency, login):
    jember = Proposal.objects.get(title="JEMBER-MARKER").planning_year
    client = login(people.blitar_secretariat)
    for url in (
        reverse("musrenbang:recap", args=[jember.pk]),
        reverse("musrenbang:recap-download", args=[jember.pk, "xlsx"]),
    ):
        assert client.get(url).status_code == 404
    assert client.get(reverse("musrenbang:recap", args=[987654])).status_code == 404


def test_the_recap_is_a_fixed_number_of_queries(
    people, year, regency, django_assert_max_num_queries
):
    # totals, four groupings, district names, ceilings, the T-D.4 rows and their lineage:
    # the same for seven proposals or seven thousand.
    with django_assert_max_num_queries(10):
        regency_recap(user=people.blitar_secretariat, planning_year=year)
