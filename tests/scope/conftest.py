"""The world every scope-matrix route is checked in: for each kind of object, one in Blitar
and one in Jember, built through the same services users go through."""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction

from complaints.models import Complaint
from complaints.services import ComplaintInput, UploadedFile, complaint_file
from households.corrections import correction_draft_create
from households.models import CorrectionDraft, Household, VerificationBatch
from households.services import batch_commit, batch_minutes_attach, batch_upload, batch_validate
from monitoring.models import FollowUp, IndicatorBatch, Meeting, TkpkDecree, TkpkMember
from musrenbang.models import (
    AttendanceBatch,
    Forum,
    PlanningYear,
    Proposal,
    ProposalBatch,
    Stage,
)
from programs.defaults import catalogue_install_defaults
from programs.groups.photos import visit_photos_check
from programs.groups.services import GroupInput, group_create, group_visit_record
from programs.models import (
    BenefitComponent,
    Disbursement,
    Group,
    GroupMember,
    GroupVisitPhoto,
    Program,
    ProgramPeriod,
    Recipient,
    RecipientBatch,
    TargetingRun,
)
from programs.recipients.batches import recipient_batch_upload, recipient_batch_validate
from programs.recipients.enrolment import recipient_enrol
from tests.households.batchfiles import csv_bytes, family
from tests.households.conftest import PDF
from tests.monitoring.planworld import PlanMatrix, plan_matrix_world
from tests.monitoring.world import monitoring_world
from tests.musrenbang.world import musrenbang_world
from tests.personas import BLITAR, JATEN, JEMBER, PADOMASAN, Cast, cast
from tkpk.models import AuditAction, Job, Region
from tkpk.services.audit import audit_record
from tkpk.services.regions import regions_load


@dataclass
class World:
    people: Cast
    blitar_job: Job
    jember_job: Job
    blitar_household: Household
    jember_household: Household
    blitar_batch: VerificationBatch
    jember_batch: VerificationBatch
    blitar_complaint: Complaint  # pushed by the Blitar API client
    jember_complaint: Complaint
    blitar_draft: CorrectionDraft
    jember_draft: CorrectionDraft
    blitar_run: TargetingRun
    jember_run: TargetingRun
    jember_program: Program
    blitar_group: Group
    jember_group: Group
    blitar_member: GroupMember
    jember_member: GroupMember
    blitar_photo: GroupVisitPhoto
    jember_photo: GroupVisitPhoto
    blitar_period: ProgramPeriod
    jember_period: ProgramPeriod
    blitar_disbursement: Disbursement
    jember_disbursement: Disbursement
    blitar_recipient: Recipient
    jember_recipient: Recipient
    blitar_list: RecipientBatch
    jember_list: RecipientBatch
    matrix_period: ProgramPeriod
    jember_topup_period: ProgramPeriod
    blitar_year: PlanningYear
    jember_year: PlanningYear
    blitar_stage: Stage
    jember_stage: Stage
    blitar_forum: Forum
    jember_forum: Forum
    blitar_proposal: Proposal
    jember_proposal: Proposal
    blitar_proposal_batch: ProposalBatch
    jember_proposal_batch: ProposalBatch
    blitar_attendance_batch: AttendanceBatch
    jember_attendance_batch: AttendanceBatch
    blitar_decree: TkpkDecree
    jember_decree: TkpkDecree
    blitar_tkpk_member: TkpkMember
    blitar_owned_follow_up: FollowUp
    jember_owned_follow_up: FollowUp
    jember_tkpk_member: TkpkMember
    blitar_meeting: Meeting
    jember_meeting: Meeting
    blitar_follow_up: FollowUp
    jember_follow_up: FollowUp
    blitar_indicator_batch: IndicatorBatch
    jember_indicator_batch: IndicatorBatch
    plans: PlanMatrix  # RPKD/RAT, realisation, field visits
    blitar_lp2kd: Any = None
    jember_lp2kd: Any = None
    blitar_lp2kd_version: Any = None
    jember_lp2kd_version: Any = None


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The world is built once per module inside a transaction rolled back at its end; each
    test runs in a savepoint within it (the ``db`` fixture) and gets its own copy of the
    objects, as Django's ``setUpTestData`` does. Building it for every one of the hundreds of
    routes took most of the suite's time."""
    with django_db_blocker.unblock(), transaction.atomic():
        if not Region.objects.filter(code=BLITAR).exists():
            regions_load()  # a transactional test emptied the tables before
        catalogue_install_defaults(Program, BenefitComponent)
        yield _world_build(cast())
        transaction.set_rollback(True)


@pytest.fixture
def world(_module_world, db) -> World:
    return copy.deepcopy(_module_world)


@pytest.fixture
def people(world) -> Cast:
    return world.people


def _world_build(people: Cast) -> World:
    blitar_job = Job.objects.create(
        kind="audit_export",
        created_by=people.blitar_secretariat,
        region_id=BLITAR,
        state=Job.State.SUCCEEDED,
        result_file="jobs/matrix/blitar.xlsx",
    )
    result = settings.PRIVATE_MEDIA_ROOT / blitar_job.result_file
    result.parent.mkdir(parents=True, exist_ok=True)
    result.write_bytes(b"PK")
    jember_job = Job.objects.create(
        kind="audit_export",
        created_by=people.jember_secretariat,
        region_id=JEMBER,
        state=Job.State.SUCCEEDED,
        result_file="jobs/matrix/blitar.xlsx",
    )
    audit_record(
        actor=people.jaten_village_operator,
        action=AuditAction.LOGIN,
        object_label="BLITAR-MARKER",
        region_code=JATEN,
    )
    audit_record(
        actor=people.jember_secretariat,
        action=AuditAction.LOGIN,
        object_label="JEMBER-MARKER",
        region_code=JEMBER,
    )
    blitar_batch = _committed_batch(people.blitar_social_operator, "blitar.csv", JATEN, "0001")
    jember_batch = _committed_batch(people.jember_social_operator, "jember.csv", PADOMASAN, "0002")
    blitar_group, blitar_photo = _group_with_photo(
        people.blitar_social_operator, "Kelompok Jaten", JATEN, blitar_batch
    )
    jember_group, jember_photo = _group_with_photo(
        people.jember_social_operator, "Kelompok Padomasan", PADOMASAN, jember_batch
    )
    blitar_period, blitar_disbursement = _scheduled_period("KSM-BLITAR", BLITAR, "Tahap Blitar")
    jember_period, jember_disbursement = _scheduled_period("KSM-JEMBER", JEMBER, "Tahap Jember")
    photo = [UploadedFile(name="foto.jpg", content=b"\xff\xd8\xff\xe0" + b"\x00" * 32)]
    blitar_complaint = complaint_file(
        data=ComplaintInput(
            category="not_registered",
            village=JATEN,
            description="Keluarga miskin belum terdaftar.",
            nik="3505011203850001",
            channel="api",
        ),
        user=people.bpjs_blitar,
        files=photo,
    )
    jember_complaint = complaint_file(
        data=ComplaintInput(
            category="not_registered",
            village=PADOMASAN,
            description="Keluarga miskin belum terdaftar.",
            nik="3509011203850001",
        ),
        files=photo,
    )
    drafts = {
        code: correction_draft_create(
            village=Region.objects.get(code=village),
            household=None,
            kind="baru",
            nik="",
            kk="",
            name="",
            source=code,
            note="",
            user=people.blitar_secretariat,
        )
        for code, village in (("DRAFT-BLITAR", JATEN), ("DRAFT-JEMBER", PADOMASAN))
    }
    recipients = _recipient_world(people)
    # Before the monitoring world's standard agencies: the plans name theirs per regency.
    plans = plan_matrix_world(people)
    return World(
        **recipients,
        **_lp2kd_world(people),
        **musrenbang_world(people),
        **monitoring_world(people),
        plans=plans,
        blitar_run=_run(people.blitar_secretariat, BLITAR),
        jember_run=_run(people.jember_secretariat, JEMBER),
        jember_program=Program.objects.create(
            code="SEMBAKO-JEMBER",
            name="Sembako Daerah Kabupaten Jember",
            cluster=1,
            strategy="reduce_expenditure",
            level="regency",
            funding_source="apbd_regency",
            target_unit="household",
            owner_region_id=JEMBER,
            active_from="2026-01-01",
            criteria={"match": "all", "rules": [{"field": "decile", "min": 1, "max": 2}]},
        ),
        people=people,
        blitar_job=blitar_job,
        jember_job=jember_job,
        blitar_household=Household.objects.get(kk=blitar_batch.rows.first().kk),
        jember_household=Household.objects.get(kk=jember_batch.rows.first().kk),
        blitar_batch=blitar_batch,
        jember_batch=jember_batch,
        blitar_group=blitar_group,
        jember_group=jember_group,
        blitar_member=blitar_group.members.get(),
        jember_member=jember_group.members.get(),
        blitar_photo=blitar_photo,
        jember_photo=jember_photo,
        blitar_period=blitar_period,
        jember_period=jember_period,
        blitar_disbursement=blitar_disbursement,
        jember_disbursement=jember_disbursement,
        blitar_complaint=blitar_complaint,
        jember_complaint=jember_complaint,
        blitar_draft=drafts["DRAFT-BLITAR"],
        jember_draft=drafts["DRAFT-JEMBER"],
    )


def _group_with_photo(
    user, name: str, village: str, batch: VerificationBatch
) -> tuple[Group, GroupVisitPhoto]:
    from datetime import date

    from programs.models import Program
    from tests.programs.groupdata import jpeg

    member = Household.objects.get(kk=batch.rows.first().kk).members.first()
    group = group_create(
        user=user,
        data=GroupInput(
            program=Program.objects.get(code="KUBE"),
            village_code=village,
            name=name,
            business="Ternak kambing",
            loan_amount=1_000_000,
            disbursed_on=date(2025, 1, 1),
        ),
        niks=[member.nik],
    )
    visit = group_visit_record(
        user=user,
        group=group,
        visited_on=date(2025, 6, 1),
        notes="Kambing ada.",
        business_running=True,
        photos=visit_photos_check(
            [("kambing.jpg", io.BytesIO(jpeg("green" if village == JATEN else "blue")))]
        ),
    )
    return group, visit.photos.get()


def _scheduled_period(code: str, owner: str, stage: str) -> tuple[ProgramPeriod, Disbursement]:
    from tests.programs.groupdata import period, regional_program

    p = period(regional_program(code, owner))
    return p, Disbursement.objects.create(
        period=p, region_id=owner, stage=stage, planned_on=p.starts_on, planned_amount=100
    )


def _run(user, region: str) -> TargetingRun:
    """A finished run with nothing in it: enough to prove who may open it."""
    return TargetingRun.objects.create(
        region_id=region,
        reference_date="2026-06-01",
        created_by=user,
        state=TargetingRun.State.DONE,
        criteria_snapshot={"PKH": {"criteria": {}, "period": ""}},
    )


def _recipient_world(people: Cast) -> dict[str, Any]:
    from datetime import date

    pkh = Program.objects.get(code="PKH")
    period = ProgramPeriod.objects.create(
        program=pkh, name="MATRIX", starts_on=date(2030, 1, 1), ends_on=date(2030, 12, 31)
    )
    topups = {}
    for code, region in (("BLITAR-TOPUP", BLITAR), ("JEMBER-TOPUP", JEMBER)):
        topups[code] = Program.objects.create(
            code=code,
            name=f"Tambahan {code}",
            cluster=1,
            strategy="reduce_expenditure",
            level="regency",
            funding_source="apbd_regency",
            owner_region_id=region,
            target_unit="household",
            active_from=date(2030, 1, 1),
        )
    jember_topup_period = ProgramPeriod.objects.create(
        program=topups["JEMBER-TOPUP"],
        name="JEMBER-2030",
        starts_on=date(2030, 1, 1),
        ends_on=date(2030, 12, 31),
    )
    blitar_recipient = recipient_enrol(
        user=people.blitar_social_operator,
        period=period,
        nik="3505011203857777",
        name="Penerima Jaten",
        village_code=JATEN,
    )
    jember_recipient = recipient_enrol(
        user=people.jember_social_operator,
        period=period,
        nik="3509011203857777",
        name="Penerima Jember",
        village_code=PADOMASAN,
    )
    lists = {}
    for name, user in (
        ("blitar-sk.csv", people.blitar_social_operator),
        ("jember-sk.csv", people.jember_social_operator),
    ):
        batch = recipient_batch_upload(
            user=user,
            period=period,
            upload=io.BytesIO(b"nik,nama\n3505011203851111,Orang\n"),
            filename=name,
            queue_validation=False,
        )
        recipient_batch_validate(batch=batch)
        lists[name] = batch
    return {
        "blitar_recipient": blitar_recipient,
        "jember_recipient": jember_recipient,
        "blitar_list": lists["blitar-sk.csv"],
        "jember_list": lists["jember-sk.csv"],
        "matrix_period": period,
        "jember_topup_period": jember_topup_period,
    }


def _committed_batch(user, name: str, village: str, serial: str) -> VerificationBatch:
    kk = village[:2] + village[3:5] + village[6:8] + "01012000" + serial[-2:]
    batch = batch_upload(
        user=user,
        upload=io.BytesIO(csv_bytes(family(kk=kk, village=village))),
        filename=name,
        queue_validation=False,
    )
    batch_validate(batch=batch)
    batch_minutes_attach(batch=batch, user=user, upload=io.BytesIO(PDF), filename="ba.pdf")
    return batch_commit(batch_id=batch.pk, user=user)


def _lp2kd_world(people: Cast) -> dict[str, Any]:
    """A 2026 LP2KD for each regency, with a document on file (written here, not rendered:
    the reports tests render real ones)."""
    import hashlib

    from reports.lp2kd.services import lp2kd_create

    found: dict[str, Any] = {}
    for name, user, code in (
        ("blitar", people.blitar_secretariat, BLITAR),
        ("jember", people.jember_secretariat, JEMBER),
    ):
        report = lp2kd_create(user=user, region=Region.objects.get(code=code), year=2026)
        version = report.versions.get()
        for field, suffix, content in (
            ("pdf_path", "pdf", b"%PDF-1.7 matrix"),
            ("xlsx_path", "xlsx", b"PK"),
        ):
            relative = f"reports/matrix/{name}.{suffix}"
            path = settings.PRIVATE_MEDIA_ROOT / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            setattr(version, field, relative)
        version.pdf_sha256 = hashlib.sha256(b"%PDF-1.7 matrix").hexdigest()
        version.save()
        found[f"{name}_lp2kd"] = report
        found[f"{name}_lp2kd_version"] = version
    return found
