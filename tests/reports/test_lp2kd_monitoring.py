"""The LP2KD's tables of the monitoring module: indicators, money, outputs, the TKPK and its
meetings, each checked against the rows behind it counted one by one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from monitoring.indicators.services import ValueInput, indicator_values_store
from monitoring.models import Allocation, FollowUp, Meeting, Report, Target, TkpkMember
from monitoring.realisation.services import Beneficiaries, realisation_review
from reports.lp2kd.services import lp2kd_create
from reports.lp2kd.snapshot import snapshot_build, snapshot_tables
from tests.monitoring.planworld import plan_world, report
from tests.monitoring.world import monitoring_world
from tests.personas import BLITAR
from tkpk.models import Region

HEALTH_1 = "1.02.02.2.01.0001"


def tables_of(people, year: int) -> dict[str, dict]:
    lp2kd = lp2kd_create(
        user=people.blitar_secretariat, region=Region.objects.get(code=BLITAR), year=year
    )
    snapshot = snapshot_build(version=lp2kd.versions.get(), today=date(2027, 1, 10))
    return {t["key"]: t for t in snapshot_tables(snapshot)}


def test_the_monitoring_tables_hold_the_regions_own_records(people, regions):
    pw = plan_world(people)
    monitoring_world(people)
    indicator_values_store(
        user=people.blitar_secretariat,
        values=[
            ValueInput(BLITAR, "poor_count", 2024, "march", "98,12", "BPS"),
            ValueInput(BLITAR, "poverty_line", 2024, "march", "480.250", "BPS"),
        ],
    )
    accepted = report(
        pw.health_officer,
        pw.blitar.subs[HEALTH_1],
        1,
        physical=Decimal(20),
        spending={"apbd_regency": Decimal(20_000_000)},
        beneficiaries=Beneficiaries(),
    )
    realisation_review(user=people.blitar_secretariat, report=accepted, accept=True)
    report(  # waiting for review: counts nowhere
        pw.health_officer,
        pw.blitar.subs[HEALTH_1],
        2,
        physical=Decimal(30),
        spending={"apbd_regency": Decimal(15_000_000)},
        beneficiaries=Beneficiaries(),
    )

    tables = tables_of(people, 2026)

    trend = tables["T2.1"]
    assert trend["rows"] == [[2024, "Maret", 98.12, 9.5, None, None, 480250.0]]
    budget = tables["T3.1"]
    rat = [
        a
        for a in Allocation.objects.select_related("sub_activity__plan")
        if a.year == 2026
        and a.sub_activity.plan.kind == "rat"
        and a.sub_activity.plan.region_id.startswith(BLITAR)
    ]
    assert budget["total"][3] == int(sum(a.amount for a in rat))
    assert budget["total"][4] == 20_000_000  # the accepted report only
    outputs = {row[0].split(" ")[0]: row for row in tables["T4.1"]["annex"]["rows"]}
    target = Target.objects.get(sub_activity=pw.blitar.subs[HEALTH_1], year=2026).value
    assert outputs[HEALTH_1][4:6] == [float(target), 20.0]
    # The PDF's summary counts each agency's sub-activities by how far they reached.
    by_agency: dict[str, list[int]] = {}
    for _sub, _ind, _unit, agency, _target, _done, share in outputs.values():
        counts = by_agency.setdefault(agency, [0, 0, 0, 0, 0])
        counts[0] += 1
        band = 4 if share is None else 1 if share >= 100 else 2 if share >= 50 else 3
        counts[band] += 1
    assert tables["T4.1"]["rows"] == [[a, *c] for a, c in sorted(by_agency.items())]
    members = TkpkMember.objects.filter(decree__region_id=BLITAR)
    assert len(tables["T5.1"]["rows"]) == members.count()
    assert {row[1] for row in tables["T5.1"]["rows"]} == set(members.values_list("name", flat=True))
    meetings = Meeting.objects.filter(region_id=BLITAR, held_on__year=2026)
    follow_ups = FollowUp.objects.filter(meeting__in=meetings)
    overdue = [f for f in follow_ups if f.status != "done" and f.due_on < date(2026, 12, 31)]
    assert tables["T5.2"]["total"][2:] == [
        follow_ups.count(),
        follow_ups.filter(status="done").count(),
        len(overdue),
    ]
    assert Report.objects.filter(status="submitted").exists()


def test_a_year_before_any_plan_says_what_is_missing(people, regions):
    tables = tables_of(people, 2026)
    for key in ("T2.1", "T2.2", "T3.1", "T4.1", "T5.1", "T5.2"):
        assert tables[key]["rows"] == [] and tables[key]["missing"], key
