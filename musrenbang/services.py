"""Writes of Musrenbang: planning years, forums and attendance, proposals, scores, ceilings.

Every write checks the user's region first: a village outside it reads exactly like a
village that does not exist ("not found"). A closed stage's results change only through
``proposal_update`` with a reason, which leaves an ``Amendment``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from musrenbang.models import (
    Amendment,
    Attendance,
    Criterion,
    DistrictCeiling,
    FieldOfAffairs,
    Forum,
    PlanningYear,
    Proposal,
    ProposalScore,
    ScoringRubric,
    Stage,
)
from musrenbang.selectors import (
    musrenbang_may_propose,
    musrenbang_may_write,
    poverty_score,
    village_poverty,
)
from tkpk.models import Agency, Region, User
from tkpk.money import GROUPED, PLAIN
from tkpk.roles import Permission
from tkpk.services.audit import audit_record


class MusrenbangAction:
    """Audit actions of this module (the audit log stores the code)."""

    PLANNING_YEAR_CREATED = "musrenbang_year_created"
    STAGE_CLOSED = "musrenbang_stage_closed"
    FORUM_CHANGED = "musrenbang_forum_changed"
    PROPOSAL_CHANGED = "musrenbang_proposal_changed"
    PROPOSAL_AMENDED = "musrenbang_proposal_amended"
    PROPOSAL_SCORED = "musrenbang_proposal_scored"
    CEILING_SET = "musrenbang_ceiling_set"
    CEILING_FILLED = "musrenbang_ceiling_filled"


MANAGE = Permission.MANAGE_MUSRENBANG


def _not_found(field: str, code: str) -> ValidationError:
    """The one answer for a region that is missing or outside the user's reach."""
    return ValidationError(
        {field: [_("Wilayah %(code)s tidak ditemukan.") % {"code": code or "—"}]}
    )


# ---------------------------------------------------------------------------- money

_PLAIN = PLAIN
_GROUPED = GROUPED


def rupiah_parse(text: str | int) -> int:
    """A cost as typed in Indonesia: "1.500.000,00", "Rp 1.500.000", "1500000" -> 1500000.

    The dot groups thousands and the comma starts the sen; sen other than zero, a negative
    amount, zero and anything else are refused with a message saying which."""
    if isinstance(text, int):
        value = text
    else:
        cleaned = re.sub(r"(?i)^\s*rp\.?\s*", "", str(text)).strip().replace(" ", "")
        if cleaned.startswith("-"):
            raise ValidationError(_("Biaya tidak boleh negatif."))
        if not (_PLAIN.fullmatch(cleaned) or _GROUPED.fullmatch(cleaned)):
            raise ValidationError(
                _("'%(text)s' bukan angka rupiah (contoh: 1.500.000 atau 1.500.000,00).")
                % {"text": text}
            )
        whole, _sep, sen = cleaned.partition(",")
        if sen.strip("0"):
            raise ValidationError(_("Biaya ditulis dalam rupiah utuh, tanpa sen."))
        value = int(whole.replace(".", ""))
    if value < 0:
        raise ValidationError(_("Biaya tidak boleh negatif."))
    if value == 0:
        raise ValidationError(_("Biaya harus lebih dari nol."))
    return value


# ---------------------------------------------------------------------------- planning year

STAGE_ORDER = [
    Stage.Kind.MUSDES,
    Stage.Kind.THEMATIC,
    Stage.Kind.DISTRICT,
    Stage.Kind.AGENCY,
    Stage.Kind.REGENCY,
]

DEFAULT_RUBRIC_NAME = gettext_lazy("Rubrik bawaan (usulan rancangan, bukan peraturan)")

# The default of issue 12 / PLANNING.md section 3: a design proposal, not a regulation.
DEFAULT_CRITERIA: list[dict[str, Any]] = [
    {
        "code": "kesesuaian",
        "name": gettext_lazy("Kesesuaian dengan prioritas RKPD/RPKD"),
        "weight": 25,
        "automatic": "",
        "descriptors": [
            gettext_lazy("Tidak terkait prioritas"),
            gettext_lazy("Terkait tidak langsung"),
            gettext_lazy("Mendukung satu sasaran"),
            gettext_lazy("Mendukung prioritas daerah"),
            gettext_lazy("Inti prioritas RKPD/RPKD"),
        ],
    },
    {
        "code": "dampak-miskin",
        "name": gettext_lazy("Dampak pada rumah tangga miskin di lokasi (dari registri)"),
        "weight": 25,
        "automatic": Criterion.Automatic.POVERTY,
        "descriptors": [
            gettext_lazy("Desil 1-4: di bawah 10%"),
            gettext_lazy("Desil 1-4: 10-20%"),
            gettext_lazy("Desil 1-4: 20-30%"),
            gettext_lazy("Desil 1-4: 30-40%"),
            gettext_lazy("Desil 1-4: 40% atau lebih"),
        ],
    },
    {
        "code": "urgensi",
        "name": gettext_lazy("Urgensi"),
        "weight": 20,
        "automatic": "",
        "descriptors": [
            gettext_lazy("Dapat ditunda"),
            gettext_lazy("Perlu dalam 3 tahun"),
            gettext_lazy("Perlu dalam 2 tahun"),
            gettext_lazy("Perlu tahun depan"),
            gettext_lazy("Mendesak, menyangkut keselamatan atau layanan dasar"),
        ],
    },
    {
        "code": "penerima",
        "name": gettext_lazy("Jumlah penerima manfaat"),
        "weight": 15,
        "automatic": "",
        "descriptors": [
            gettext_lazy("Sangat sedikit"),
            gettext_lazy("Sedikit"),
            gettext_lazy("Sedang"),
            gettext_lazy("Banyak"),
            gettext_lazy("Sangat banyak"),
        ],
    },
    {
        "code": "kesiapan",
        "name": gettext_lazy("Kesiapan (lahan/aset, swadaya)"),
        "weight": 15,
        "automatic": "",
        "descriptors": [
            gettext_lazy("Belum ada lahan atau dukungan"),
            gettext_lazy("Lahan belum jelas"),
            gettext_lazy("Lahan ada, belum diserahkan"),
            gettext_lazy("Lahan siap"),
            gettext_lazy("Lahan siap dan ada swadaya"),
        ],
    },
]


def rubric_weights_check(weights: list[int]) -> None:
    if any(w < 1 or w > 100 for w in weights):
        raise ValidationError(_("Setiap bobot antara 1 dan 100."))
    if sum(weights) != 100:
        raise ValidationError(
            _("Jumlah bobot harus 100, sekarang %(total)s.") % {"total": sum(weights)}
        )


def planning_year_create(
    *,
    user: User,
    region_code: str,
    year: int,
    stage_dates: dict[str, tuple[date, date]] | None = None,
) -> PlanningYear:
    """A regency's planning year with its five stages (open) and the default rubric."""
    region = Region.objects.filter(code=region_code, level=Region.Level.REGENCY).first()
    if region is None or not musrenbang_may_write(user, region.code, permission=MANAGE):
        raise _not_found("region", region_code)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": [_("Tahun RKPD tidak masuk akal.")]})
    if PlanningYear.objects.filter(region=region, year=year).exists():
        raise ValidationError(
            {
                "year": [
                    _("Tahun perencanaan %(year)s sudah ada untuk wilayah ini.") % {"year": year}
                ]
            }
        )
    stage_dates = stage_dates or {}
    weights = [c["weight"] for c in DEFAULT_CRITERIA]
    rubric_weights_check(weights)
    with transaction.atomic():
        planning_year = PlanningYear.objects.create(region=region, year=year, created_by=user)
        Stage.objects.bulk_create(
            Stage(
                planning_year=planning_year,
                kind=kind,
                order=i,
                starts_on=stage_dates.get(kind, (None, None))[0],
                ends_on=stage_dates.get(kind, (None, None))[1],
            )
            for i, kind in enumerate(STAGE_ORDER, start=1)
        )
        rubric = ScoringRubric.objects.create(
            planning_year=planning_year, name=str(DEFAULT_RUBRIC_NAME), is_default=True
        )
        Criterion.objects.bulk_create(
            Criterion(
                rubric=rubric,
                code=c["code"],
                name=str(c["name"]),
                weight=c["weight"],
                order=i,
                automatic=c["automatic"],
                descriptors=[str(d) for d in c["descriptors"]],
            )
            for i, c in enumerate(DEFAULT_CRITERIA, start=1)
        )
        audit_record(
            actor=user,
            action=MusrenbangAction.PLANNING_YEAR_CREATED,
            target=planning_year,
            region_code=region.code,
            detail={"year": year},
        )
    return planning_year


def stage_close(*, user: User, stage: Stage) -> Stage:
    """Close a stage: what it agreed becomes read-only except through an amendment."""
    if not musrenbang_may_write(user, stage.planning_year.region_id, permission=MANAGE):
        raise ValidationError(_("Tahap ini tidak ditemukan."))
    with transaction.atomic():
        locked = Stage.objects.select_for_update().get(pk=stage.pk)
        if locked.closed_at is not None:
            raise ValidationError(_("Tahap ini sudah ditutup."))
        locked.closed_at = timezone.now()
        locked.closed_by = user
        locked.save(update_fields=["closed_at", "closed_by"])
        audit_record(
            actor=user,
            action=MusrenbangAction.STAGE_CLOSED,
            target=locked,
            region_code=stage.planning_year.region_id,
            detail={"stage": locked.kind},
        )
    return locked


def _stage(planning_year: PlanningYear, kind: str) -> Stage:
    return Stage.objects.get(planning_year=planning_year, kind=kind)


def _require_open(stage: Stage) -> None:
    if stage.closed_at is not None:
        raise ValidationError(
            _(
                "Tahap %(stage)s sudah ditutup: hasilnya hanya dapat diubah melalui "
                "perubahan tercatat."
            )
            % {"stage": stage.get_kind_display()}
        )


# ---------------------------------------------------------------------------- forums

LEVEL_OF_REGION = {
    Region.Level.VILLAGE: Forum.Level.VILLAGE,
    Region.Level.DISTRICT: Forum.Level.DISTRICT,
    Region.Level.REGENCY: Forum.Level.REGENCY,
}
STAGE_OF_FORUM = {
    Forum.Level.VILLAGE: Stage.Kind.MUSDES,
    Forum.Level.DISTRICT: Stage.Kind.DISTRICT,
    Forum.Level.REGENCY: Stage.Kind.REGENCY,
}


@dataclass(frozen=True)
class ForumInput:
    region_code: str
    name: str
    held_on: date
    place: str
    chair: str = ""
    kind: str = Forum.Kind.GENERAL
    agency_id: int | None = None


def forum_create(*, user: User, planning_year: PlanningYear, data: ForumInput) -> Forum:
    """A forum in a region of the year's regency. Village forums are the Musdes stage's,
    thematic forums the thematic stage's, a Forum OPD the agency stage's."""
    region = Region.objects.filter(code=data.region_code).first()
    inside = region is not None and (
        region.code == planning_year.region_id
        or region.code.startswith(planning_year.region_id + ".")
    )
    may = region is not None and (
        musrenbang_may_write(user, region.code, permission=MANAGE)
        or (
            region.level == Region.Level.VILLAGE
            and musrenbang_may_write(user, region.code, permission=Permission.PROPOSE_MUSRENBANG)
        )
    )
    if region is None or not inside or not may or region.level not in LEVEL_OF_REGION:
        raise _not_found("region", data.region_code)
    level = LEVEL_OF_REGION[Region.Level(region.level)]
    if data.kind == Forum.Kind.AGENCY:
        kind = Stage.Kind.AGENCY
    elif data.kind != Forum.Kind.GENERAL:
        kind = Stage.Kind.THEMATIC
    else:
        kind = STAGE_OF_FORUM[level]
    errors: dict[str, list[str]] = {}
    agency = None
    if data.kind == Forum.Kind.AGENCY:
        agency = Agency.objects.filter(
            pk=data.agency_id or 0, region_id=planning_year.region_id, kind=Agency.Kind.OPD
        ).first()
        if agency is None:
            errors["agency_id"] = [_("Forum OPD memerlukan perangkat daerah kabupaten ini.")]
    elif data.agency_id:
        errors["agency_id"] = [_("Hanya Forum OPD yang menyebut perangkat daerah.")]
    if not data.name.strip():
        errors["name"] = [_("Nama forum wajib diisi.")]
    if not data.place.strip():
        errors["place"] = [_("Tempat wajib diisi.")]
    if errors:
        raise ValidationError(errors)
    stage = _stage(planning_year, kind)
    _require_open(stage)
    with transaction.atomic():
        forum = Forum.objects.create(
            planning_year=planning_year,
            stage=stage,
            region=region,
            level=level,
            kind=data.kind,
            agency=agency,
            name=data.name.strip(),
            held_on=data.held_on,
            place=data.place.strip(),
            chair=data.chair.strip(),
            created_by=user,
        )
        audit_record(
            actor=user,
            action=MusrenbangAction.FORUM_CHANGED,
            target=forum,
            region_code=region.code,
            detail={"created": True},
        )
    return forum


def forum_may_write(*, user: Any, forum: Forum) -> bool:
    if musrenbang_may_write(user, forum.region_id, permission=MANAGE):
        return True
    return forum.level == Forum.Level.VILLAGE and musrenbang_may_write(
        user, forum.region_id, permission=Permission.PROPOSE_MUSRENBANG
    )


@dataclass(frozen=True)
class AttendeeInput:
    name: str
    sex: str
    institution: str = ""
    element: str = Attendance.Element.OTHER
    has_disability: bool = False
    represents_poor: bool = False


def attendance_add(*, user: User, forum: Forum, attendees: list[AttendeeInput]) -> list[Attendance]:
    """Add people to a forum's attendance list: all of them or none, each row checked."""
    if not forum_may_write(user=user, forum=forum):
        raise ValidationError(_("Forum tidak ditemukan."))
    _require_open(forum.stage)
    errors = []
    for i, a in enumerate(attendees, start=1):
        if not a.name.strip():
            errors.append(_("Baris %(row)s: nama kosong.") % {"row": i})
        if a.sex not in Attendance.Sex.values:
            errors.append(_("Baris %(row)s: jenis kelamin L atau P.") % {"row": i})
        if a.element not in Attendance.Element.values:
            errors.append(_("Baris %(row)s: unsur tidak dikenal.") % {"row": i})
    if not attendees:
        errors.append(_("Tidak ada peserta yang ditambahkan."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rows = Attendance.objects.bulk_create(
            Attendance(
                forum=forum,
                name=a.name.strip(),
                institution=a.institution.strip(),
                element=a.element,
                sex=a.sex,
                has_disability=a.has_disability,
                represents_poor=a.represents_poor,
            )
            for a in attendees
        )
    return rows


# ---------------------------------------------------------------------------- proposals


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
        raise _not_found("village_code", data.village_code)
    try:
        cost = rupiah_parse(data.estimated_cost)
    except ValidationError as exc:
        errors["estimated_cost"] = exc.messages
        cost = 0
    try:
        volume = Decimal(str(data.volume).replace(",", "."))
        if not volume.is_finite() or volume <= 0 or volume >= Decimal("1e10"):
            raise InvalidOperation
        volume = volume.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors["volume"] = [_("Volume harus angka lebih dari nol.")]
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
        "stage": forum.stage if forum else _stage(planning_year, Stage.Kind.MUSDES),
    }


def _degrees(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.000001"))


def proposal_create(*, user: User, planning_year: PlanningYear, data: ProposalInput) -> Proposal:
    values = _clean_proposal(user=user, planning_year=planning_year, data=data)
    _require_open(values["stage"])
    with transaction.atomic():
        proposal = Proposal.objects.create(planning_year=planning_year, created_by=user, **values)
        audit_record(
            actor=user,
            action=MusrenbangAction.PROPOSAL_CHANGED,
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
        raise _not_found("village_code", proposal.village_id)
    values = _clean_proposal(user=user, planning_year=proposal.planning_year, data=data)
    new_stage = values.pop("stage")
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().select_related("stage").get(pk=proposal.pk)
        before = {f: _jsonable(getattr(locked, f)) for f in EDITABLE}
        after = {f: _jsonable(values[f]) for f in EDITABLE}
        changed = {f for f in EDITABLE if before[f] != after[f]}
        if not changed:
            return locked
        if locked.stage.closed_at is not None:
            if not musrenbang_may_write(user, locked.village_id, permission=MANAGE):
                _require_open(locked.stage)
            if not amendment_reason.strip():
                raise ValidationError(
                    {
                        "amendment_reason": [
                            _(
                                "Tahap %(stage)s sudah ditutup: tuliskan alasan perubahan, "
                                "perubahan ini akan tercatat."
                            )
                            % {"stage": locked.stage.get_kind_display()}
                        ]
                    }
                )
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
                MusrenbangAction.PROPOSAL_AMENDED
                if amendment_reason.strip()
                else MusrenbangAction.PROPOSAL_CHANGED
            ),
            target=locked,
            region_code=locked.village_id,
            detail={
                "before": {f: before[f] for f in sorted(changed)},
                "after": {f: after[f] for f in sorted(changed)},
            },
        )
    return locked


# ---------------------------------------------------------------------------- scoring


def proposal_score_record(*, user: User, proposal: Proposal, values: dict[int, int]) -> None:
    """One assessor's scores of one proposal (criterion id -> 1..5), replacing their
    earlier ones; then the proposal's score is recomputed."""
    if not musrenbang_may_write(user, proposal.village_id, permission=MANAGE):
        raise ValidationError(_("Usulan tidak ditemukan."))
    district_stage = _stage(proposal.planning_year, Stage.Kind.DISTRICT)
    _require_open(district_stage)
    criteria = {
        c.pk: c
        for c in Criterion.objects.filter(rubric__planning_year_id=proposal.planning_year_id)
    }
    errors = []
    for criterion_id, value in values.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors.append(
                _("Kriteria %(id)s tidak ada di rubrik tahun ini.") % {"id": criterion_id}
            )
        elif criterion.automatic:
            errors.append(
                _("Kriteria '%(name)s' dinilai otomatis dari registri.") % {"name": criterion.name}
            )
        elif not isinstance(value, int) or not 1 <= value <= 5:
            errors.append(
                _("Skor '%(name)s' harus 1 sampai 5, bukan %(value)s.")
                % {"name": criterion.name, "value": value}
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for criterion_id, value in values.items():
            ProposalScore.objects.update_or_create(
                proposal=proposal,
                criterion_id=criterion_id,
                assessor=user,
                defaults={"value": value},
            )
        audit_record(
            actor=user,
            action=MusrenbangAction.PROPOSAL_SCORED,
            target=proposal,
            region_code=proposal.village_id,
            detail={"scores": {str(k): v for k, v in values.items()}},
        )
        proposal_auto_scores_fill(planning_year=proposal.planning_year, proposal_ids=[proposal.pk])
        proposal_scores_compute(planning_year=proposal.planning_year, proposal_ids=[proposal.pk])


def _proposals(
    planning_year: PlanningYear, district_code: str = "", proposal_ids: list[int] | None = None
) -> Any:
    rows = Proposal.objects.filter(planning_year=planning_year)
    if district_code:
        rows = rows.filter(village__code__startswith=district_code + ".")
    if proposal_ids is not None:
        rows = rows.filter(pk__in=proposal_ids)
    return rows


def proposal_auto_scores_fill(
    *,
    planning_year: PlanningYear,
    district_code: str = "",
    proposal_ids: list[int] | None = None,
    on: date | None = None,
) -> int:
    """Automatic criteria from live registry data: one grouped registry query for all the
    villages concerned, then one insert of the scores (replacing the earlier ones)."""
    criteria = list(
        Criterion.objects.filter(
            rubric__planning_year=planning_year, automatic=Criterion.Automatic.POVERTY
        )
    )
    if not criteria:
        return 0
    scope = _proposals(planning_year, district_code, proposal_ids)
    rows = list(scope.values_list("id", "village_id"))
    poverty = village_poverty(village_codes={v for _id, v in rows}, on=on)
    with transaction.atomic():
        ProposalScore.objects.filter(
            criterion__in=criteria, assessor__isnull=True, proposal_id__in=[i for i, _v in rows]
        ).delete()
        ProposalScore.objects.bulk_create(
            ProposalScore(
                proposal_id=pk, criterion=c, assessor=None, value=poverty_score(poverty[village])
            )
            for pk, village in rows
            for c in criteria
        )
    return len(rows) * len(criteria)


_SCORE_SQL = """
UPDATE {proposal} SET score = agg.score
FROM (
    SELECT pc.proposal_id AS proposal_id, SUM(pc.mean * c.weight) / 100.0 AS score
    FROM (
        SELECT s.proposal_id AS proposal_id, s.criterion_id AS criterion_id,
               AVG(s.value * 1.0) AS mean
        FROM {score} s JOIN {proposal} p ON p.id = s.proposal_id
        WHERE p.planning_year_id = %s AND p.village_id LIKE %s {only}
        GROUP BY s.proposal_id, s.criterion_id
    ) pc JOIN {criterion} c ON c.id = pc.criterion_id
    GROUP BY pc.proposal_id
    HAVING COUNT(*) = %s
) agg
WHERE {proposal}.id = agg.proposal_id
"""


def proposal_scores_compute(
    *, planning_year: PlanningYear, district_code: str = "", proposal_ids: list[int] | None = None
) -> int:
    """Score = weighted mean over the rubric's criteria of the assessors' mean per criterion
    (weights sum to 100). A proposal missing a criterion has no score. Set-based: one
    UPDATE ... FROM over grouped scores (PostgreSQL and SQLite 3.33+)."""
    n_criteria = Criterion.objects.filter(rubric__planning_year=planning_year).count()
    scope = _proposals(planning_year, district_code, proposal_ids)
    only = ""
    params: list[Any] = [planning_year.pk, (district_code + ".%") if district_code else "%"]
    if proposal_ids is not None:
        marks = ",".join(["%s"] * len(proposal_ids))
        only = f"AND p.id IN ({marks})" if proposal_ids else "AND 1=0"
        params.extend(proposal_ids)
    params.append(n_criteria)
    sql = _SCORE_SQL.format(
        proposal=connection.ops.quote_name(Proposal._meta.db_table),
        score=connection.ops.quote_name(ProposalScore._meta.db_table),
        criterion=connection.ops.quote_name(Criterion._meta.db_table),
        only=only,
    )
    with transaction.atomic():
        scope.update(score=None)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount


# ---------------------------------------------------------------------------- ceilings


def district_ceiling_set(
    *,
    user: User,
    planning_year: PlanningYear,
    district: Region,
    amount: int | str,
    formula_inputs: dict[str, Any] | None = None,
) -> DistrictCeiling:
    if (
        district.level != Region.Level.DISTRICT
        or district.parent_id != planning_year.region_id
        or not musrenbang_may_write(user, district.code, permission=MANAGE)
    ):
        raise _not_found("district", district.code)
    _require_open(_stage(planning_year, Stage.Kind.DISTRICT))
    value = rupiah_parse(amount)
    with transaction.atomic():
        ceiling, _created = DistrictCeiling.objects.select_for_update().get_or_create(
            planning_year=planning_year, district=district, defaults={"amount": value}
        )
        if ceiling.agreed_total > value:
            raise ValidationError(
                {
                    "amount": [
                        _(
                            "Pagu tidak boleh di bawah jumlah yang sudah disepakati "
                            "(Rp%(total)s); susun ulang peringkat lebih dulu."
                        )
                        % {"total": f"{ceiling.agreed_total:,}".replace(",", ".")}
                    ]
                }
            )
        ceiling.amount = value
        ceiling.formula_inputs = formula_inputs or {}
        ceiling.save(update_fields=["amount", "formula_inputs"])
        audit_record(
            actor=user,
            action=MusrenbangAction.CEILING_SET,
            target=ceiling,
            region_code=district.code,
            detail={"amount": value},
        )
    return ceiling


@dataclass(frozen=True)
class FillResult:
    ceiling: int
    agreed_total: int
    accepted: int
    reserve: int
    unscored: int


_FILL_SQL = """
WITH ranked AS (
    SELECT id,
           ROW_NUMBER() OVER (ORDER BY score DESC, estimated_cost, id) AS position,
           SUM(estimated_cost) OVER (
               ORDER BY score DESC, estimated_cost, id
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
           ) AS running
    FROM {proposal}
    WHERE planning_year_id = %s AND village_id LIKE %s
      AND status <> 'rejected' AND score IS NOT NULL
)
UPDATE {proposal}
SET district_rank = ranked.position,
    status = CASE WHEN ranked.running <= %s THEN 'accepted' ELSE 'reserve' END
FROM ranked
WHERE {proposal}.id = ranked.id
"""


def district_ceiling_fill(
    *, user: User, planning_year: PlanningYear, district: Region
) -> FillResult:
    """Rank the district's scored proposals (score, then the cheaper, then the older) and
    accept them while the running sum of their costs fits the ceiling; the rest become
    reserves. Rejected proposals stay rejected, unscored ones stay proposed.

    One statement with window functions; the ceiling row is locked for the transaction
    and the agreed total is written to it, where a CHECK refuses a total over the amount."""
    if not musrenbang_may_write(user, district.code, permission=MANAGE):
        raise _not_found("district", district.code)
    _require_open(_stage(planning_year, Stage.Kind.DISTRICT))
    scope = _proposals(planning_year, district.code)
    table = connection.ops.quote_name(Proposal._meta.db_table)
    with transaction.atomic():
        ceiling = (
            DistrictCeiling.objects.select_for_update()
            .filter(planning_year=planning_year, district=district)
            .first()
        )
        if ceiling is None:
            raise ValidationError(_("Pagu indikatif kecamatan ini belum ditetapkan."))
        scope.filter(status__in=[Proposal.Status.ACCEPTED, Proposal.Status.RESERVE]).update(
            status=Proposal.Status.PROPOSED, district_rank=None
        )
        scope.filter(status=Proposal.Status.REJECTED).update(district_rank=None)
        with connection.cursor() as cursor:
            cursor.execute(
                _FILL_SQL.format(proposal=table),
                [planning_year.pk, district.code + ".%", ceiling.amount],
            )
        totals = scope.aggregate(
            agreed=Sum("estimated_cost", filter=_accepted_q()),
        )
        agreed = totals["agreed"] or 0
        if agreed > ceiling.amount:  # the CHECK would refuse it too; say it plainly first
            raise ValidationError(_("Jumlah yang disepakati melebihi pagu."))
        ceiling.agreed_total = agreed
        ceiling.filled_at = timezone.now()
        ceiling.filled_by = user
        ceiling.save(update_fields=["agreed_total", "filled_at", "filled_by"])
        counts = {
            s: scope.filter(status=s).count()
            for s in (Proposal.Status.ACCEPTED, Proposal.Status.RESERVE)
        }
        result = FillResult(
            ceiling=ceiling.amount,
            agreed_total=agreed,
            accepted=counts[Proposal.Status.ACCEPTED],
            reserve=counts[Proposal.Status.RESERVE],
            unscored=scope.filter(score__isnull=True)
            .exclude(status=Proposal.Status.REJECTED)
            .count(),
        )
        audit_record(
            actor=user,
            action=MusrenbangAction.CEILING_FILLED,
            target=ceiling,
            region_code=district.code,
            detail=asdict(result),
        )
    return result


def _accepted_q() -> Any:
    from django.db.models import Q

    return Q(status=Proposal.Status.ACCEPTED)
