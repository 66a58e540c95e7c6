from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from households.facts import household_facts_refresh, years_before
from households.models import Household, Person
from households.synthetic import synthetic_registry_import
from programs.models import Program, ProgramPeriod, RecipientBatch, TargetingRun
from programs.recipients import recipient_enrol
from programs.recipients.batches import recipient_batch_upload, recipient_batch_validate
from programs.targeting.services import targeting_run_execute
from tests.households.batchfiles import csv_bytes, family
from tests.households.conftest import PDF
from tests.personas import JATEN, PADOMASAN

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
    # A baby born three weeks after the reference date, in a poor family, already on the
    # PBI-JKN list: nobody on the reference date.
    newborn = Person.objects.create(
        household=poor[2],
        nik="3505016106260001",
        name="Bayi Sesudah Acuan",
        name_search="BAYI SESUDAH ACUAN",
        relation="anak",
        sex="P",
        birth_date=DAY + timedelta(days=20),
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )
    # PBI-JKN enrols persons: the head of 10 poor families (their other members who qualify
    # are not enrolled), every member of 6 more, the baby, and two well-off people.
    pbi = period("PBI-JKN")
    _enrol(operator, pbi, poor[:10] + rich[6:8])
    for household in poor[10:16]:
        for member in household.members.filter(status="living"):
            recipient_enrol(user=operator, period=pbi, nik=member.nik)
    recipient_enrol(user=operator, period=pbi, nik=newborn.nik)
    # One person earning two PKH components (severe disability and 60+), living alone so
    # the family's cap of four does not hide the second.
    elder = (
        Person.objects.filter(
            status="living",
            household__welfare_decile__lte=4,
            household__member_count=1,
            birth_date__lte=years_before(DAY, 60),
        )
        .exclude(household__in=poor[:3])
        .order_by("id")
        .first()
    )
    assert elder is not None, "the synthetic registry should hold an elderly person alone"
    Person.objects.filter(pk=elder.pk).update(disability="berat")
    household_facts_refresh()  # as a committed batch would
    run = TargetingRun.objects.create(
        region_id="35.05", reference_date=DAY, created_by=people.blitar_secretariat
    )
    return targeting_run_execute(run_id=run.pk)


@pytest.fixture
def families(people):
    """Two families in Jaten (Blitar) and one in Padomasan (Jember), committed through the
    registry's own batch pipeline."""
    from households.services import (
        batch_commit,
        batch_minutes_attach,
        batch_upload,
        batch_validate,
    )

    def add(user, kk: str, village: str) -> Household:
        batch = batch_upload(
            user=user,
            upload=io.BytesIO(csv_bytes(family(kk=kk, village=village))),
            filename="f.csv",
            queue_validation=False,
        )
        batch_validate(batch=batch)
        batch_minutes_attach(batch=batch, user=user, upload=io.BytesIO(PDF), filename="ba.pdf")
        batch_commit(batch_id=batch.pk, user=user)
        return Household.objects.get(kk=kk)

    return {
        "jaten": add(people.blitar_social_operator, "3505010101200001", JATEN),
        "jaten2": add(people.blitar_social_operator, "3505010101200002", JATEN),
        "padomasan": add(people.jember_social_operator, "3509010101200003", PADOMASAN),
    }


@pytest.fixture
def pkh() -> Program:
    return Program.objects.get(code="PKH")


@pytest.fixture
def pkh_period(pkh) -> ProgramPeriod:
    return ProgramPeriod.objects.create(
        program=pkh, name="2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )


@pytest.fixture
def upload_list(people, pkh_period):
    """Upload and validate a list as the Blitar social operator (or ``user``)."""

    def _upload(content: bytes, *, name: str = "sk.csv", user=None, for_period=None):
        batch = recipient_batch_upload(
            user=user or people.blitar_social_operator,
            period=for_period or pkh_period,
            upload=io.BytesIO(content),
            filename=name,
            queue_validation=False,
        )
        recipient_batch_validate(batch=batch)
        return RecipientBatch.objects.get(pk=batch.pk)

    return _upload
