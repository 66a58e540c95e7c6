"""Proposals (usulan): created for a village the user reaches, changed while their stage is
open, and after it closes only with a reason kept as an amendment (before and after)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from musrenbang.models import Amendment, FieldOfAffairs, Forum, PlanningYear, Proposal, Stage
from musrenbang.selectors import musrenbang_may_propose, musrenbang_may_write, musrenbang_scope_q
from musrenbang.services.common import (
    MANAGE,
    region_not_found,
    rupiah_parse,
    stage_of_kind,
    stage_require_open,
    volume_parse,
)
from musrenbang.services.forums import forum_require_unsigned
from tkpk.models import Agency, AuditAction, Region, User
from tkpk.services.audit import audit_record


@dataclass(frozen=True)
class ProposalInput:
    title: str
    problem: str
    village_code: str
    is_physical: bool
    field_of_affairs: str
    volume: Decimal | str
    unit: str
    estimated_cost: int | str
    beneficiaries: int
    beneficiary_kind: str
    rt: str = ""
    rw: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    cluster: int | None = None
    strategy: str = ""
    forum_id: int | None = None
    rank_in_forum: int | None = None
    parent_id: int | None = None
    agency_id: int | None = None
    repeats_id: int | None = None  # an earlier year's proposal for the same need


EDITABLE = (
    "title",
    "problem",
    "village_id",
    "rt",
    "rw",
    "latitude",
    "longitude",
    "is_physical",
    "field_of_affairs",
    "cluster",
    "strategy",
    "volume",
    "unit",
    "estimated_cost",
    "beneficiaries",
    "beneficiary_kind",
    "forum_id",
    "rank_in_forum",
    "parent_id",
    "agency_id",
    "repeats_id",
)


def _clean_proposal(
    *, user: User, planning_year: PlanningYear, data: ProposalInput
) -> dict[str, Any]:
    """The proposal's fields, checked; every problem at once, by field."""
    errors: dict[str, list[str]] = {}
    village = Region.objects.filter(code=data.village_code, level=Region.Level.VILLAGE).first()
    if (
        village is None
        or not village.code.startswith(planning_year.region_id + ".")
        or not musrenbang_may_propose(user, village.code)
    ):
        raise region_not_found("village_code", data.village_code)
    try:
        cost = rupiah_parse(data.estimated_cost)
    except ValidationError as exc:
        errors["estimated_cost"] = exc.messages
        cost = 0
    try:
        volume = volume_parse(data.volume)
    except ValidationError as exc:
        errors["volume"] = exc.messages
        volume = Decimal(0)
    if not data.title.strip():
        errors["title"] = [_("Judul usulan wajib diisi.")]
    if not data.problem.strip():
        errors["problem"] = [_("Tuliskan masalah yang dijawab usulan ini.")]
    if not data.unit.strip():
        errors["unit"] = [_("Satuan wajib diisi.")]
    if data.field_of_affairs not in FieldOfAffairs.values:
        errors["field_of_affairs"] = [_("Bidang urusan tidak dikenal.")]
    if data.beneficiary_kind not in Proposal.BeneficiaryKind.values:
        errors["beneficiary_kind"] = [_("Jenis penerima manfaat tidak dikenal.")]
    if data.beneficiaries is None or data.beneficiaries < 0:
        errors["beneficiaries"] = [_("Jumlah penerima manfaat tidak boleh negatif.")]
    for name, value in (("rt", data.rt), ("rw", data.rw)):
        if value and not (value.isdigit() and len(value) <= 3):
            errors[name] = [_("Tulis dengan angka, paling banyak tiga digit.")]
    if (data.latitude is None) != (data.longitude is None):
        errors["latitude"] = [_("Isi lintang dan bujur bersama, atau kosongkan keduanya.")]
    elif (
        data.latitude is not None
        and data.longitude is not None
        and not (-90 <= data.latitude <= 90 and -180 <= data.longitude <= 180)
    ):
        errors["latitude"] = [_("Koordinat di luar jangkauan.")]
    forum = None
    if data.forum_id:
        forum = Forum.objects.filter(pk=data.forum_id, planning_year=planning_year).first()
        if forum is None or not (
            village.code == forum.region_id or village.code.startswith(forum.region_id + ".")
        ):
            errors["forum_id"] = [_("Forum tidak ditemukan untuk desa ini.")]
    if data.rank_in_forum is not None and data.rank_in_forum < 1:
        errors["rank_in_forum"] = [_("Peringkat dimulai dari 1.")]
    if (
        data.parent_id
        and not Proposal.objects.filter(
            pk=data.parent_id, village__code__startswith=planning_year.region_id + "."
        ).exists()
    ):
        errors["parent_id"] = [_("Usulan asal tidak ditemukan.")]
    if (
        data.agency_id
        and not Agency.objects.filter(pk=data.agency_id, region_id=planning_year.region_id).exists()
    ):
        errors["agency_id"] = [_("Perangkat daerah tidak ditemukan.")]
    if data.repeats_id and not (
        Proposal.objects.filter(
            musrenbang_scope_q(user, field="village__code"),
            pk=data.repeats_id,
            planning_year__region_id=planning_year.region_id,
            planning_year__year__lt=planning_year.year,
        ).exists()
    ):
        # Missing, of another region, or of this year or a later one: one answer.
        errors["repeats_id"] = [
            _("Usulan tahun sebelumnya nomor %(id)s tidak ditemukan.") % {"id": data.repeats_id}
        ]
    if errors:
        raise ValidationError(errors)
    return {
        "title": data.title.strip(),
        "problem": data.problem.strip(),
        "village_id": village.code,
        "rt": data.rt,
        "rw": data.rw,
        "latitude": _degrees(data.latitude),
        "longitude": _degrees(data.longitude),
        "is_physical": data.is_physical,
        "field_of_affairs": data.field_of_affairs,
        "cluster": data.cluster,
        "strategy": data.strategy,
        "volume": volume,
        "unit": data.unit.strip(),
        "estimated_cost": cost,
        "beneficiaries": data.beneficiaries,
        "beneficiary_kind": data.beneficiary_kind,
        "forum_id": forum.pk if forum else None,
        "rank_in_forum": data.rank_in_forum,
        "parent_id": data.parent_id or None,
        "agency_id": data.agency_id or None,
        "repeats_id": data.repeats_id or None,
        "stage": forum.stage if forum else stage_of_kind(planning_year, Stage.Kind.MUSDES),
    }


def _degrees(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.000001"))


def proposal_create(*, user: User, planning_year: PlanningYear, data: ProposalInput) -> Proposal:
    values = _clean_proposal(user=user, planning_year=planning_year, data=data)
    stage_require_open(values["stage"])
    with transaction.atomic():
        proposal = Proposal.objects.create(planning_year=planning_year, created_by=user, **values)
        audit_record(
            actor=user,
            action=AuditAction.MUSRENBANG_PROPOSAL_CHANGED,
            target=proposal,
            region_code=proposal.village_id,
            detail={"created": True, "estimated_cost": proposal.estimated_cost},
        )
    return proposal


def _jsonable(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def proposal_update(
    *, user: User, proposal: Proposal, data: ProposalInput, amendment_reason: str = ""
) -> Proposal:
    """Change a proposal. The user must reach both its old village and the new one. Once
    its stage is closed, only a Musrenbang manager may change it, with a reason, and the
    change is kept as an amendment (before and after)."""
    if not musrenbang_may_propose(user, proposal.village_id):
        raise region_not_found("village_code", proposal.village_id)
    values = _clean_proposal(user=user, planning_year=proposal.planning_year, data=data)
    new_stage = values.pop("stage")
    with transaction.atomic():
        locked = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("stage", "forum")
            .get(pk=proposal.pk)
        )
        before = {f: _jsonable(getattr(locked, f)) for f in EDITABLE}
        after = {f: _jsonable(values[f]) for f in EDITABLE}
        changed = {f for f in EDITABLE if before[f] != after[f]}
        if not changed:
            return locked
        if "agency_id" in changed and locked.review:
            # The review belongs to the agency that made it: another agency would inherit
            # a decision it never took.
            raise ValidationError(
                {
                    "agency_id": [
                        _(
                            "Usulan ini sudah ditelaah perangkat daerah yang dituju; "
                            "perangkat daerahnya tidak dapat diganti lagi."
                        )
                    ]
                }
            )
        signed = locked.forum is not None and locked.forum.signed_minutes_at is not None
        if locked.stage.closed_at is not None or signed:
            if not musrenbang_may_write(user, locked.village_id, permission=MANAGE):
                stage_require_open(locked.stage)
                forum_require_unsigned(locked.forum)  # type: ignore[arg-type]
            if not amendment_reason.strip():
                why = (
                    _(
                        "Tahap %(stage)s sudah ditutup: tuliskan alasan perubahan, "
                        "perubahan ini akan tercatat."
                    )
                    % {"stage": locked.stage.get_kind_display()}
                    if locked.stage.closed_at is not None
                    else _(
                        "Berita acara forum usulan ini sudah ditandatangani: tuliskan alasan "
                        "perubahan, perubahan ini akan tercatat."
                    )
                )
                raise ValidationError({"amendment_reason": [why]})
            Amendment.objects.create(
                stage=locked.stage,
                proposal=locked,
                reason=amendment_reason.strip(),
                before={f: before[f] for f in sorted(changed)},
                after={f: after[f] for f in sorted(changed)},
                made_by=user,
            )
        else:
            locked.stage = new_stage
        for f in EDITABLE:
            setattr(locked, f, values[f])
        locked.save()
        audit_record(
            actor=user,
            action=(
                AuditAction.MUSRENBANG_PROPOSAL_AMENDED
                if amendment_reason.strip()
                else AuditAction.MUSRENBANG_PROPOSAL_CHANGED
            ),
            target=locked,
            region_code=locked.village_id,
            detail={
                "before": {f: before[f] for f in sorted(changed)},
                "after": {f: after[f] for f in sorted(changed)},
            },
        )
    return locked
