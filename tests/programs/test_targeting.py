"""A targeting run over a synthetic regency agrees with an independent count."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from households.models import Household, Person
from programs.models import (
    Program,
    Recipient,
    RunHouseholdProgram,
    RunOverlap,
    RunRecipientIssue,
    RunVillageCoverage,
    RunVillageStat,
)
from programs.targeting import targeting_run_execute
from tests.programs import independent
from tests.programs.conftest import DAY


def _stat(run, code, field):
    return (
        RunVillageStat.objects.filter(run=run, program__code=code).aggregate(n=Sum(field))["n"] or 0
    )


def _receiving(code):
    return {
        r.person.household_id if r.person else r.household_id
        for r in Recipient.objects.filter(program__code=code, status="active").select_related(
            "person"
        )
        if r.person_id or r.household_id
    }


@pytest.mark.parametrize("code", ["PKH", "BPNT", "PBI-JKN", "PIP", "BLT-DESA", "RUTILAHU"])
def test_eligible_households_match_an_independent_count(world, code):
    program = Program.objects.get(code=code)
    unit = "person" if program.target_unit == "person" else "household"
    expected = independent.eligible_households(program.criteria, unit=unit, day=DAY)

    stored = dict(
        RunHouseholdProgram.objects.filter(run=world, program=program, eligible=True).values_list(
            "household_id", "eligible_persons"
        )
    )

    assert expected, "the synthetic registry should hold qualifying families"
    assert stored == expected
    assert _stat(world, code, "eligible_households") == len(expected)


def test_exclusion_and_inclusion_errors_match_an_independent_count(world):
    for code in ["PKH", "BPNT"]:
        program = Program.objects.get(code=code)
        eligible = set(independent.eligible_households(program.criteria, unit="household", day=DAY))
        receiving = _receiving(code)
        deciles = dict(Household.objects.values_list("id", "welfare_decile"))

        assert _stat(world, code, "receiving_households") == len(receiving)
        assert _stat(world, code, "exclusion_errors") == len(eligible - receiving)
        well_off = {h for h in receiving if (deciles[h] or 0) >= 7}
        assert well_off and _stat(world, code, "inclusion_errors") == len(well_off)


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


def test_overlap_matrix_counts_households_receiving_both(world):
    pkh, bpnt = _receiving("PKH"), _receiving("BPNT")
    cells = {
        (o.program_a.code, o.program_b.code): o.households
        for o in RunOverlap.objects.filter(run=world).select_related("program_a", "program_b")
    }
    both = cells.get(("PKH", "BPNT"), cells.get(("BPNT", "PKH")))
    assert both == len(pkh & bpnt) > 0
    assert cells[("PKH", "PKH")] == len(pkh)


def test_combination_coverage_of_deciles_1_to_4(world):
    programs = {
        p.pk: (
            p,
            set(
                independent.eligible_households(
                    p.criteria, unit="person" if p.target_unit == "person" else "household", day=DAY
                )
            ),
        )
        for p in Program.objects.all()
    }
    receiving = {p.code: _receiving(p.code) for p, _ in programs.values()}
    poor = Household.objects.filter(status="active", welfare_decile__lte=4).values_list(
        "id", flat=True
    )
    qualifying = full = 0
    for household in poor:
        owed = [p.code for p, eligible in programs.values() if household in eligible]
        if owed:
            qualifying += 1
            full += all(household in receiving[code] for code in owed)
    totals = RunVillageCoverage.objects.filter(run=world).aggregate(
        poor=Sum("poor_households"), q=Sum("qualifying_households"), full=Sum("fully_covered")
    )
    assert totals == {"poor": len(poor), "q": qualifying, "full": full}


def test_pkh_entitlement_follows_components_and_the_four_component_cap(world):
    program = Program.objects.get(code="PKH")
    components = [(c.amount, c.rule) for c in program.components.all()]
    rows = RunHouseholdProgram.objects.filter(run=world, program=program, eligible=True)
    for row in rows:
        members = list(Person.objects.filter(household_id=row.household_id, status="living"))
        expected = independent.component_entitlement(components, members, DAY, 4)
        assert row.entitlement == expected
    assert rows.exists()


def test_a_rerun_replaces_its_results(world):
    before = RunHouseholdProgram.objects.filter(run=world).count()
    targeting_run_execute(run_id=world.pk)
    assert RunHouseholdProgram.objects.filter(run=world).count() == before
    assert world.steps and all({"step", "rows", "ms"} <= set(s) for s in world.steps)
