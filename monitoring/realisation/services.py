"""Writes of quarterly realisation: an agency submits (from a page or its own system over
the API, idempotently), the secretariat accepts or returns, an accepted report changes only
through a recorded correction.

The natural key is agency + sub-activity + year + quarter (the sub-activity names its
agency). Sending the same report again changes nothing and says so; a different one on an
accepted report is refused unless it carries a correction reason.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from households import choices as hc
from households.models import Household, Person
from monitoring.models import (
    Allocation,
    Correction,
    Evidence,
    NamedBeneficiary,
    Plan,
    Report,
    ReportingSetting,
    Spending,
    SubActivity,
    Target,
)
from monitoring.models.plans import Funding
from monitoring.models.realisation import DEFAULT_DEADLINE_DAYS
from tkpk.access import region_lineage, user_assignments, user_can_see_region
from tkpk.attachments import CheckedFile
from tkpk.models import AuditAction, User
from tkpk.roles import ROLE_PERMISSIONS, Permission
from tkpk.services.audit import audit_record

REPORT = Permission.REPORT_REALIZATION
MANAGE = Permission.MANAGE_PLANS
EVIDENCE_PER_REPORT = 10
CENTS = Decimal("0.01")
# Quantities are stored with 14 digits, 2 after the comma.
QUANTITY_LIMIT = Decimal("1e12")
# Beneficiary counts are 32-bit columns whose sums a CHECK adds up; no region reaches this
# many people (Indonesia has under 300 million).
BENEFICIARY_LIMIT = 300_000_000


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CORRECTED = "corrected"


def quarter_end(year: int, quarter: int) -> date:
    if quarter == 4:
        return date(year, 12, 31)
    return date(year, quarter * 3 + 1, 1) - timedelta(days=1)


def deadline_days(*, region_code: str) -> int:
    """The region's own setting, else the nearest region above it that has one, else the
    default."""
    rows = dict(
        ReportingSetting.objects.filter(region_id__in=region_lineage(region_code)).values_list(
            "region_id", "deadline_days"
        )
    )
    for code in reversed(region_lineage(region_code)):
        if code in rows:
            return int(rows[code])
    return DEFAULT_DEADLINE_DAYS


def report_due_on(*, region_code: str, year: int, quarter: int) -> date:
    return quarter_end(year, quarter) + timedelta(days=deadline_days(region_code=region_code))


def reporting_setting_set(
    *, user: User, region_code: str, days: int, ip: str | None = None
) -> ReportingSetting:
    if not user_can_see_region(user, region_code, permission=MANAGE):
        raise ValidationError({"region": [_("Wilayah tidak ditemukan.")]})
    if not 0 <= days <= 90:
        raise ValidationError({"deadline_days": [_("Batas laporan antara 0 dan 90 hari.")]})
    with transaction.atomic():
        setting, _created = ReportingSetting.objects.update_or_create(
            region_id=region_code, defaults={"deadline_days": days}
        )
        audit_record(
            actor=user,
            action=AuditAction.PLAN_CHANGED,
            target=setting,
            region_code=region_code,
            ip=ip,
            detail={"what": "deadline_days", "days": days},
        )
    return setting


def user_may_report(*, user: User, sub_activity: SubActivity) -> bool:
    """An officer (or an agency's system) reports only for its own agency's sub-activities
    in its region."""
    region = sub_activity.plan.region_id
    return any(
        REPORT in ROLE_PERMISSIONS[a.role]
        and a.agency_id == sub_activity.agency_id
        and (region == a.region_id or region.startswith(a.region_id + "."))
        for a in user_assignments(user)
    )


@dataclass(frozen=True)
class Beneficiaries:
    male: int = 0
    female: int = 0
    disabled: int = 0
    children: int = 0
    adults: int = 0
    elderly: int = 0


@dataclass(frozen=True)
class ReportInput:
    physical: Decimal
    spending: dict[str, Decimal]
    physical_note: str = ""
    beneficiaries: Beneficiaries = Beneficiaries()
    # Named beneficiaries: a person's NIK, or a family's KK (its living members).
    named: list[str] = field(default_factory=list)
    problems: str = ""
    follow_up: str = ""
    evidence: list[CheckedFile] = field(default_factory=list)

    @property
    def is_named(self) -> bool:
        return bool(self.named)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def beneficiaries_from_registry(
    *, region_code: str, named: list[str], on: date
) -> tuple[Beneficiaries, list[int], list[str]]:
    """Counts by sex, disability and age group (on ``on``) of the persons named by NIK and
    the living members of the families named by KK, in one grouped query; also their ids
    and the numbers found as neither in the region (missing and outside read alike)."""
    inside = Q(household__village__code__startswith=region_code + ".")
    wanted = Q(nik__in=named) | Q(household__kk__in=named, status=Person.Status.LIVING)
    persons = Person.objects.filter(inside, wanted, household__status=Household.Status.ACTIVE)
    found = persons.values_list("id", "nik", "household__kk")
    ids = [row[0] for row in found]
    seen_niks = {row[1] for row in found}
    seen_kks = {row[2] for row in found}
    unknown = [n for n in dict.fromkeys(named) if n not in seen_niks and n not in seen_kks]
    adult_from = _years_before(on, 18)
    elderly_from = _years_before(on, 60)
    counts = Person.objects.filter(pk__in=ids).aggregate(
        male=Count("id", filter=Q(sex=hc.Sex.MALE)),
        female=Count("id", filter=Q(sex=hc.Sex.FEMALE)),
        disabled=Count("id", filter=~Q(disability=hc.Disability.NONE) & ~Q(disability="")),
        children=Count("id", filter=Q(birth_date__gt=adult_from)),
        adults=Count("id", filter=Q(birth_date__lte=adult_from, birth_date__gt=elderly_from)),
        elderly=Count("id", filter=Q(birth_date__lte=elderly_from)),
    )
    return Beneficiaries(**counts), ids, unknown


def _digest(data: ReportInput) -> str:
    body = {
        "physical": str(data.physical.normalize()),
        "physical_note": data.physical_note.strip(),
        "spending": {k: str(v.normalize()) for k, v in sorted(data.spending.items()) if v},
        "beneficiaries": None if data.is_named else data.beneficiaries.__dict__,
        "named": sorted(set(data.named)),
        "problems": data.problems.strip(),
        "follow_up": data.follow_up.strip(),
        "evidence": sorted(f.sha256 for f in data.evidence),
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def report_snapshot(report: Report) -> dict[str, Any]:
    return {
        "physical": str(report.physical),
        "physical_note": report.physical_note,
        "spending": {s.source: str(s.amount) for s in report.spending.all()},
        "male": report.male,
        "female": report.female,
        "disabled": report.disabled,
        "children": report.children,
        "adults": report.adults,
        "elderly": report.elderly,
        "beneficiary_source": report.beneficiary_source,
        "problems": report.problems,
        "follow_up": report.follow_up,
        "evidence": [e.sha256 for e in report.evidence.all()],
    }


def _check(
    *,
    sub: SubActivity,
    year: int,
    quarter: int,
    data: ReportInput,
    today: date,
    report: Report | None,
) -> tuple[Beneficiaries, list[int]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    plan: Plan = sub.plan
    if plan.kind != Plan.Kind.RAT or year != plan.first_year:
        add(
            "year",
            _("Laporan dibuat atas sub kegiatan RAT tahun yang sama (%(year)s).")
            % {"year": plan.first_year},
        )
    if not 1 <= quarter <= 4:
        add("quarter", _("Triwulan 1 sampai 4."))
    elif today <= quarter_end(year, quarter):
        add(
            "quarter",
            _("Triwulan %(q)s %(year)s belum berakhir (berakhir %(end)s).")
            % {"q": quarter, "year": year, "end": quarter_end(year, quarter).isoformat()},
        )
    if data.physical < 0:
        add("physical", _("Realisasi fisik tidak boleh negatif."))
    elif data.physical >= QUANTITY_LIMIT:
        add("physical", _("Realisasi fisik terlalu besar."))
    target = Target.objects.filter(sub_activity=sub, year=year).values_list("value", flat=True)
    others = Report.objects.filter(sub_activity=sub, year=year).exclude(quarter=quarter).exclude(
        status=Report.Status.RETURNED
    ).aggregate(total=Sum("physical"))["total"] or Decimal(0)
    goal = target.first()
    if goal is not None and others + data.physical > goal and not data.physical_note.strip():
        add(
            "physical_note",
            _(
                "Realisasi fisik sampai triwulan ini (%(done)s %(unit)s) melebihi 100%% target "
                "(%(goal)s): jelaskan di catatan realisasi fisik."
            )
            % {"done": others + data.physical, "unit": sub.unit, "goal": goal},
        )
    listed = set(
        Allocation.objects.filter(sub_activity=sub, year=year).values_list("source", flat=True)
    )
    for source, amount in sorted(data.spending.items()):
        label = Funding(source).label if source in Funding.values else source
        if source not in Funding.values:
            add("spending", _("Sumber dana '%(source)s' tidak dikenal.") % {"source": source})
        elif amount < 0:
            add("spending", _("Realisasi %(source)s tidak boleh negatif.") % {"source": label})
        elif amount and source not in listed:
            add(
                "spending",
                _(
                    "Sumber dana %(source)s tidak tercantum pada pagu sub kegiatan ini "
                    "tahun %(year)s."
                )
                % {"source": label, "year": year},
            )
    ids: list[int] = []
    people = data.beneficiaries
    if data.is_named:
        people, ids, unknown = beneficiaries_from_registry(
            region_code=plan.region_id,
            named=data.named,
            on=quarter_end(year, min(max(quarter, 1), 4)),
        )
        if unknown:
            add(
                "beneficiaries",
                _("NIK/KK tidak ditemukan di registri wilayah ini: %(list)s.")
                % {"list": ", ".join(unknown[:20])},
            )
    elif any(getattr(people, f.name) > BENEFICIARY_LIMIT for f in fields(Beneficiaries)):
        add(
            "beneficiaries",
            _("Jumlah penerima terlalu besar (paling banyak %(n)s per isian).")
            % {"n": f"{BENEFICIARY_LIMIT:,}".replace(",", ".")},
        )
    else:
        total = people.male + people.female
        if people.children + people.adults + people.elderly != total:
            add(
                "beneficiaries",
                _(
                    "Penerima menurut kelompok umur (%(ages)s) harus sama dengan menurut jenis "
                    "kelamin (%(total)s)."
                )
                % {"ages": people.children + people.adults + people.elderly, "total": total},
            )
        if people.disabled > total:
            add("beneficiaries", _("Penyandang disabilitas lebih banyak dari seluruh penerima."))
    existing = report.evidence.count() if report is not None else 0
    if existing + len(data.evidence) > EVIDENCE_PER_REPORT:
        add("evidence", _("Paling banyak %(n)s berkas bukti.") % {"n": EVIDENCE_PER_REPORT})
    if errors:
        raise ValidationError(errors)
    return people, ids


def realisation_submit(
    *,
    user: User,
    sub_activity: SubActivity,
    year: int,
    quarter: int,
    data: ReportInput,
    correction_reason: str = "",
    ip: str | None = None,
    today: date | None = None,
) -> tuple[Report, str]:
    """Submit (or resubmit) the quarter's report; returns the report and what happened:
    ``created``, ``updated``, ``unchanged`` (the same report again) or ``corrected``."""
    # ``today`` given (the demo, tests) dates the submission too.
    now = (
        timezone.make_aware(datetime.combine(today, time(12)))
        if today is not None
        else timezone.now()
    )
    today = timezone.localdate(now)
    if not user_may_report(user=user, sub_activity=sub_activity):
        raise ValidationError({"sub_activity": [_("Sub kegiatan tidak ditemukan.")]})
    report = Report.objects.filter(sub_activity=sub_activity, year=year, quarter=quarter).first()
    digest = _digest(data)
    if report is not None and report.digest == digest:
        return report, Outcome.UNCHANGED
    if (
        report is not None
        and report.status == Report.Status.ACCEPTED
        and not correction_reason.strip()
    ):
        raise ValidationError(
            {
                "correction_reason": [
                    _(
                        "Laporan triwulan ini sudah diterima sekretariat; perubahan hanya lewat "
                        "koreksi dengan alasan."
                    )
                ]
            }
        )
    people, ids = _check(
        sub=sub_activity, year=year, quarter=quarter, data=data, today=today, report=report
    )
    written: list[Path] = []
    try:
        with transaction.atomic():
            before = report_snapshot(report) if report is not None else None
            if report is None:
                outcome = Outcome.CREATED
                report = Report(
                    sub_activity=sub_activity,
                    agency_id=sub_activity.agency_id,
                    year=year,
                    quarter=quarter,
                    due_on=report_due_on(
                        region_code=sub_activity.plan.region_id, year=year, quarter=quarter
                    ),
                    first_submitted_at=now,
                )
            elif report.status == Report.Status.ACCEPTED:
                outcome = Outcome.CORRECTED
            else:
                outcome = Outcome.UPDATED
                report.status = Report.Status.SUBMITTED
                report.return_reason = ""
            report.physical = data.physical.quantize(CENTS)
            report.physical_note = data.physical_note.strip()
            report.beneficiary_source = (
                Report.BeneficiarySource.REGISTRY
                if data.is_named
                else Report.BeneficiarySource.TYPED
            )
            for name, value in people.__dict__.items():
                setattr(report, name, value)
            report.problems = data.problems.strip()
            report.follow_up = data.follow_up.strip()
            report.digest = digest
            report.submitted_at = now
            report.submitted_by = user
            report.save()
            Spending.objects.filter(report=report).delete()
            Spending.objects.bulk_create(
                Spending(report=report, source=s, amount=a.quantize(CENTS))
                for s, a in data.spending.items()
                if a
            )
            NamedBeneficiary.objects.filter(report=report).delete()
            NamedBeneficiary.objects.bulk_create(
                NamedBeneficiary(report=report, person_id=pk) for pk in ids
            )
            written = _evidence_store(report=report, files=data.evidence)
            after = report_snapshot(report)
            if outcome == Outcome.CORRECTED:
                Correction.objects.create(
                    report=report,
                    reason=correction_reason.strip(),
                    before=before,
                    after=after,
                    made_by=user,
                )
            audit_record(
                actor=user,
                action=(
                    AuditAction.REALISATION_CORRECTED
                    if outcome == Outcome.CORRECTED
                    else AuditAction.REALISATION_SUBMITTED
                ),
                target=report,
                region_code=sub_activity.plan.region_id,
                ip=ip,
                detail={"outcome": outcome, "before": before, "after": after},
            )
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return report, outcome


def _evidence_store(*, report: Report, files: list[CheckedFile]) -> list[Path]:
    """Evidence already on the report (same content) is not stored twice."""
    known = set(report.evidence.values_list("sha256", flat=True))
    folder = settings.PRIVATE_MEDIA_ROOT / "monitoring" / "realisation" / str(report.pk)
    written: list[Path] = []
    rows = []
    for f in files:
        if f.sha256 in known:
            continue
        known.add(f.sha256)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{f.sha256[:16]}{f.extension}"
        path.write_bytes(f.content)
        written.append(path)
        rows.append(
            Evidence(
                report=report,
                file_path=str(path.relative_to(settings.PRIVATE_MEDIA_ROOT)),
                original_name=f.name,
                content_type=f.content_type,
                size=len(f.content),
                sha256=f.sha256,
            )
        )
    Evidence.objects.bulk_create(rows)
    return written


def realisation_review(
    *, user: User, report: Report, accept: bool, reason: str = "", ip: str | None = None
) -> Report:
    """The secretariat accepts a submitted report, or returns it with a reason."""
    region = report.sub_activity.plan.region_id
    if not user_can_see_region(user, region, permission=MANAGE):
        raise ValidationError({"report": [_("Laporan tidak ditemukan.")]})
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError(
            {"report": [_("Hanya laporan berstatus dikirim yang dapat diperiksa.")]}
        )
    if not accept and not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan laporan dikembalikan.")]})
    with transaction.atomic():
        report.status = Report.Status.ACCEPTED if accept else Report.Status.RETURNED
        report.return_reason = "" if accept else reason.strip()
        report.reviewed_at = timezone.now()
        report.reviewed_by = user
        report.save(update_fields=["status", "return_reason", "reviewed_at", "reviewed_by"])
        audit_record(
            actor=user,
            action=AuditAction.REALISATION_REVIEWED,
            target=report,
            region_code=region,
            ip=ip,
            detail={"status": report.status, "reason": report.return_reason},
        )
    return report
