from __future__ import annotations

from datetime import date

import pytest

from households.models import Household, Person
from households.synthetic import synthetic_registry_import
from programs.models import Program, ProgramPeriod, TargetingRun
from programs.recipients import recipient_enrol
from programs.targeting import targeting_run_execute

DAY = date(2026, 6, 1)


@pytest.fixture
def registry(people, tmp_path):
    """A synthetic Blitar registry loaded through the batch pipeline (about 1,000 people)."""
    synthetic_registry_import(regency_code="35.05", households=300, seed=11, workdir=tmp_path)


@pytest.fixture
def period():
    def _period(code: str) -> ProgramPeriod:
        return ProgramPeriod.objects.create(
            program=Program.objects.get(code=code),
            name="2026",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )

    return _period


def _head(household: Household) -> Person:
    return household.members.filter(relation="kepala").first() or household.members.first()


def _enrol(user, period, households):
    for household in households:
        recipient_enrol(user=user, period=period, nik=_head(household).nik)


@pytest.fixture
def world(people, registry, period):
    """PKH and BPNT lists that disagree with the registry in every way the run reports."""
    operator = people.blitar_social_operator
    pkh, bpnt = period("PKH"), period("BPNT")
    poor = list(Household.objects.filter(welfare_decile__lte=4).order_by("id"))
    rich = list(Household.objects.filter(welfare_decile__gte=7).order_by("id"))
    _enrol(operator, pkh, poor[:30] + rich[:4])
    _enrol(operator, bpnt, poor[10:50] + rich[4:6])
    # A second member of an enrolled family: the family is listed twice.
    twice = poor[0].members.exclude(pk=_head(poor[0]).pk).first()
    recipient_enrol(user=operator, period=pkh, nik=twice.nik)
    # Someone the registry does not know, and a recipient who has since died.
    recipient_enrol(user=operator, period=pkh, nik="3505014101900007", village_code="35.05.01.2001")
    dead = _head(poor[1])
    Person.objects.filter(pk=dead.pk).update(status="deceased")
    run = TargetingRun.objects.create(
        region_id="35.05", reference_date=DAY, created_by=people.blitar_secretariat
    )
    return targeting_run_execute(run_id=run.pk)
