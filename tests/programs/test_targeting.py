"""A targeting run over a synthetic regency agrees with an independent count, one value at a
time: every family and person row, every village figure, coverage and the overlap matrix."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from households.models import Household
from programs.models import (
    Program,
    RunHouseholdProgram,
    RunOverlap,
    RunPersonProgram,
    RunRecipientIssue,
    RunVillageCoverage,
    RunVillageStat,
)
from programs.targeting.services import targeting_run_execute
from tests.programs import independent
from tests.programs.conftest import DAY

PROGRAMS = ["PKH", "BPNT", "PBI-JKN", "PIP", "BLT-DESA", "RUTILAHU", "KUBE"]
# Cluster 1 programs with a recurring benefit: the combination a poor family should receive.
COMBINATION = ["PKH", "BPNT", "PBI-JKN", "PIP", "BLT-DESA"]
PER_YEAR = {"monthly": 12, "quarterly": 4, "yearly": 1, "once": 1, "": 1}


def _stat(run, code, field):
    return (
        RunVillageStat.objects.filter(run=run, program__code=code).aggregate(n=Sum(field))["n"] or 0
    )


def _unit(program: Program) -> str:
    return "person" if program.target_unit == "person" else "household"


def _expected(program: Program) -> dict[int, dict[str, object]]:
    """Per household, every value the run stores for ``program``, counted independently."""
    unit = _unit(program)
    members = independent.members_on(DAY)
    deciles = dict(Household.objects.values_list("id", "welfare_decile"))
    villages = dict(Household.objects.values_list("id", "village_id"))
    receipts = independent.receipts(program.code, day=DAY)
    components = [(c.amount, c.rule) for c in program.components.all()]
    if unit == "person":
        qualifying = independent.eligible_persons(program.criteria, day=DAY)
        households = set(qualifying.values()) | set(receipts.rows)
    else:
        eligible = independent.eligible_households(program.criteria, unit=unit, day=DAY)
        households = set(eligible) | set(receipts.rows)
    expected = {}
    for hid in households:
        receives = hid in receipts.rows
        if unit == "person":
            mine = {pid for pid, h in qualifying.items() if h == hid}
            enrolled = {pid for pid, h in receipts.enrolled.items() if h == hid}
            persons, receiving, excluded = len(mine), len(enrolled), len(mine - enrolled)
            owed_to = [m for m in members.get(hid, []) if m.pk in mine]
        else:
            persons = eligible.get(hid, 0)
            receiving = len(members.get(hid, [])) if receives else 0
            excluded = persons if not receives else 0
            owed_to = members.get(hid, [])
        if not persons:
            amount = 0
        elif components:
            amount = independent.component_entitlement(
                components, owed_to, DAY, program.max_components, program.max_components_per_person
            )
        else:
            per_unit = (program.benefit_amount or 0) * PER_YEAR[program.benefit_frequency]
            amount = per_unit * (persons if program.benefit_unit in ("person", "pupil") else 1)
        expected[hid] = {
            "village_id": villages[hid],
            "welfare_decile": deciles[hid],
            "eligible": persons > 0,
            "receives": receives,
            "eligible_persons": persons,
            "receiving_persons": receiving,
            "excluded_persons": excluded,
            "recipient_rows": receipts.rows.get(hid, 0),
            "entitlement": amount,
        }
    return expected


@pytest.mark.parametrize("code", PROGRAMS)
def test_every_family_row_matches_an_independent_count(world, code):
    program = Program.objects.get(code=code)
    expected = _expected(program)

    fields = list(next(iter(expected.values())).keys())
    stored = {
        row["household_id"]: {f: row[f] for f in fields}
        for row in RunHouseholdProgram.objects.filter(run=world, program=program).values(
            "household_id", *fields
        )
    }

    assert any(e["eligible"] for e in expected.values()), "the registry should hold some"
    assert stored == expected


@pytest.mark.parametrize("code", ["PBI-JKN", "PIP"])
def test_every_person_row_of_a_person_program_matches_an_independent_count(world, code):
    program = Program.objects.get(code=code)
    qualifying = independent.eligible_persons(program.criteria, day=DAY)
    enrolled = independent.receipts(code, day=DAY).enrolled
    expected = {
        pid: (qualifying.get(pid) or enrolled[pid], pid in qualifying, pid in enrolled)
        for pid in set(qualifying) | set(enrolled)
    }

    stored = {
        r.person_id: (r.household_id, r.eligible, r.enrolled)
        for r in RunPersonProgram.objects.filter(run=world, program=program)
    }

    assert stored == expected


@pytest.mark.parametrize("code", PROGRAMS)
def test_village_figures_add_up_the_rows_in_both_units(world, code):
    program = Program.objects.get(code=code)
    rows = _expected(program).values()
    well_off = [r for r in rows if r["receives"] and (r["welfare_decile"] or 0) >= 7]

    figures = {
        "eligible_households": sum(r["eligible"] for r in rows),
        "eligible_persons": sum(r["eligible_persons"] for r in rows),
        "receiving_households": sum(r["receives"] for r in rows),
        "receiving_persons": sum(r["receiving_persons"] for r in rows),
        "exclusion_errors": sum(r["eligible"] and not r["receives"] for r in rows),
        "exclusion_persons": sum(r["excluded_persons"] for r in rows),
        "inclusion_errors": len(well_off),
        "inclusion_persons": sum(
            r["receiving_persons"] for r in rows if (r["welfare_decile"] or 0) >= 7
        ),
        "entitlement": sum(r["entitlement"] for r in rows),
    }

    assert {name: _stat(world, code, name) for name in figures} == figures


def test_exclusion_and_inclusion_are_found_in_the_program_unit(world):
    # PBI-JKN enrols only the head of 20 poor families: their other members are excluded
    # persons, though no family of theirs is an excluded family.
    assert _stat(world, "PBI-JKN", "exclusion_persons") > _stat(
        world, "PBI-JKN", "exclusion_errors"
    )
    assert _stat(world, "PBI-JKN", "inclusion_persons") == 2  # two well-off people listed
    assert _stat(world, "PKH", "inclusion_errors") == 4


def test_recipient_problems_are_found(world):
    issues = dict(
        RunRecipientIssue.objects.filter(run=world, program__code="PKH")
        .values_list("kind")
        .annotate(n=Sum(1))
        .values_list("kind", "n")
    )
    assert issues["not_in_registry"] == 1
    assert issues["duplicate"] == 1
    assert issues["deceased"] == 1
    assert issues["well_off"] == 4
    assert _stat(world, "PKH", "not_in_registry") == 1
    # The baby on the PBI-JKN list was born after the reference date: no row of that date.
    assert not RunRecipientIssue.objects.filter(
        run=world, recipient__person__birth_date__gt=DAY
    ).exists()


def test_overlap_matrix_counts_households_receiving_both(world):
    receiving = {code: set(independent.receipts(code, day=DAY).rows) for code in ["PKH", "BPNT"]}
    cells = {
        (o.program_a.code, o.program_b.code): o.households
        for o in RunOverlap.objects.filter(run=world).select_related("program_a", "program_b")
    }
    both = cells.get(("PKH", "BPNT"), cells.get(("BPNT", "PKH")))
    assert both == len(receiving["PKH"] & receiving["BPNT"]) > 0
    assert cells[("PKH", "PKH")] == len(receiving["PKH"])


def test_combination_coverage_of_deciles_1_to_4(world):
    rows = {code: _expected(Program.objects.get(code=code)) for code in COMBINATION}
    members = independent.members_on(DAY)
    poor = [
        h
        for h in Household.objects.filter(status="active", welfare_decile__lte=4).values_list(
            "id", flat=True
        )
        if members.get(h)
    ]
    qualifying = full = nothing = 0
    for household in poor:
        mine = [r[household] for r in rows.values() if household in r]
        owed = [r for r in mine if r["eligible"]]
        if owed:
            qualifying += 1
            full += all(r["excluded_persons"] == 0 for r in mine)
            nothing += not any(r["receives"] for r in mine)
    totals = RunVillageCoverage.objects.filter(run=world).aggregate(
        poor=Sum("poor_households"),
        q=Sum("qualifying_households"),
        full=Sum("fully_covered"),
        nothing=Sum("receiving_nothing"),
    )
    assert totals == {"poor": len(poor), "q": qualifying, "full": full, "nothing": nothing}
    assert 0 < full < qualifying


def test_a_rerun_replaces_its_results(world):
    before = RunHouseholdProgram.objects.filter(run=world).count()
    persons = RunPersonProgram.objects.filter(run=world).count()
    targeting_run_execute(run_id=world.pk)
    assert RunHouseholdProgram.objects.filter(run=world).count() == before
    assert RunPersonProgram.objects.filter(run=world).count() == persons
    assert world.steps and all({"step", "rows", "ms"} <= set(s) for s in world.steps)


def test_the_run_summary_reads_each_programs_quota_of_the_regions_asked(
    world, django_assert_num_queries
):
    from programs.models import ProgramPeriod, ProgramQuota
    from programs.targeting.selectors import run_summary

    for code, region, quota in (("PKH", "35.05", 40), ("BPNT", "35.05", 50), ("PKH", "35.09", 999)):
        ProgramQuota.objects.create(
            period=ProgramPeriod.objects.get(program__code=code, name="2026"),
            region_id=region,
            quota=quota,
        )
    with django_assert_num_queries(3):
        summaries = {s.program.code: s.quota for s in run_summary(run=world, roots=["35.05"])}
    assert summaries["PKH"] == 40 and summaries["BPNT"] == 50
    assert summaries["PBI-JKN"] is None
