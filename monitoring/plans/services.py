"""Writes of RPKD/RAT plans. Every write checks the user's region (MANAGE_PLANS) on the
plan it changes and on every region, agency or proposal it names, old and new: outside
the user's reach reads exactly like missing ("not found"). Each write is one transaction
and leaves an audit entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from monitoring.models import (
    Activity,
    Allocation,
    Location,
    Plan,
    PlanProgram,
    Priority,
    SubActivity,
    SubActivityProposal,
    Target,
)
from monitoring.models.plans import RPKD_YEARS, Funding
from musrenbang.models import Proposal
from programs.models import Program
from tkpk.access import user_can_see_region
from tkpk.models import Agency, AuditAction, Region, User
from tkpk.roles import Permission
from tkpk.services.audit import audit_record

MANAGE = Permission.MANAGE_PLANS


def _may(user: User, code: str) -> bool:
    return user_can_see_region(user, code, permission=MANAGE)


def _plan_checked(*, user: User, plan: Plan) -> None:
    if not _may(user, plan.region_id):
        raise ValidationError({"plan": [_("Rencana tidak ditemukan.")]})


def _audit(*, user: User, plan: Plan, what: str, detail: dict[str, Any], ip: str | None) -> None:
    audit_record(
        actor=user,
        action=AuditAction.PLAN_CHANGED,
        target=plan,
        region_code=plan.region_id,
        ip=ip,
        detail={"what": what, **detail},
    )


def plan_create(
    *, user: User, region_code: str, first_year: int, title: str, ip: str | None = None
) -> Plan:
    """A five-year RPKD of a regency, city or province."""
    region = Region.objects.filter(code=region_code, level__lte=Region.Level.REGENCY).first()
    if region is None or not _may(user, region.code):
        raise ValidationError(
            {"region": [_("Wilayah %(code)s tidak ditemukan.") % {"code": region_code or "—"}]}
        )
    if not 2000 <= first_year <= 2100 - RPKD_YEARS:
        raise ValidationError({"first_year": [_("Tahun awal antara 2000 dan 2095.")]})
    if Plan.objects.filter(region=region, kind=Plan.Kind.RPKD, first_year=first_year).exists():
        raise ValidationError(
            {"first_year": [_("RPKD %(year)s wilayah ini sudah ada.") % {"year": first_year}]}
        )
    with transaction.atomic():
        plan = Plan.objects.create(
            region=region,
            kind=Plan.Kind.RPKD,
            first_year=first_year,
            last_year=first_year + RPKD_YEARS - 1,
            title=title.strip() or f"RPKD {first_year}-{first_year + RPKD_YEARS - 1}",
            created_by=user,
        )
        _audit(user=user, plan=plan, what="created", detail={"kind": "rpkd"}, ip=ip)
    return plan


def priority_add(
    *,
    user: User,
    plan: Plan,
    number: int,
    name: str,
    strategy: str,
    cluster: int,
    ip: str | None = None,
) -> Priority:
    _plan_checked(user=user, plan=plan)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Tuliskan prioritasnya.")]
    if strategy not in Program.Strategy.values:
        errors["strategy"] = [_("Pilih salah satu strategi.")]
    if cluster not in Program.Cluster.values:
        errors["cluster"] = [_("Pilih salah satu klaster.")]
    if plan.priorities.filter(number=number).exists():
        errors["number"] = [_("Nomor prioritas %(n)s sudah dipakai.") % {"n": number}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        priority = Priority.objects.create(
            plan=plan, number=number, name=name.strip(), strategy=strategy, cluster=cluster
        )
        _audit(user=user, plan=plan, what="priority", detail={"id": priority.pk}, ip=ip)
    return priority


def plan_program_add(
    *,
    user: User,
    priority: Priority,
    code: str,
    name: str,
    catalogue_code: str = "",
    ip: str | None = None,
) -> PlanProgram:
    plan = priority.plan
    _plan_checked(user=user, plan=plan)
    errors: dict[str, list[str]] = {}
    code = code.strip()
    if not code or not name.strip():
        errors["code"] = [_("Kode dan nama program wajib diisi.")]
    elif plan.programs.filter(code=code).exists():
        errors["code"] = [_("Kode program %(code)s sudah ada di rencana ini.") % {"code": code}]
    catalogue = None
    if catalogue_code.strip():
        catalogue = Program.objects.filter(code=catalogue_code.strip().upper()).first()
        owner = catalogue.owner_region_id if catalogue else None
        if catalogue is None or (owner and not _may(user, owner)):
            errors["catalogue_code"] = [_("Program katalog tidak ditemukan.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        program = PlanProgram.objects.create(
            plan=plan, priority=priority, code=code, name=name.strip(), catalogue_program=catalogue
        )
        _audit(user=user, plan=plan, what="program", detail={"id": program.pk}, ip=ip)
    return program


def activity_add(
    *, user: User, program: PlanProgram, code: str, name: str, ip: str | None = None
) -> Activity:
    _plan_checked(user=user, plan=program.plan)
    code = code.strip()
    if not code or not name.strip():
        raise ValidationError({"code": [_("Kode dan nama kegiatan wajib diisi.")]})
    if program.activities.filter(code=code).exists():
        raise ValidationError({"code": [_("Kode kegiatan %(code)s sudah ada.") % {"code": code}]})
    with transaction.atomic():
        activity = Activity.objects.create(program=program, code=code, name=name.strip())
        _audit(user=user, plan=program.plan, what="activity", detail={"id": activity.pk}, ip=ip)
    return activity


@dataclass(frozen=True)
class AllocationInput:
    year: int
    source: str
    amount: Decimal
    donor: str = ""


@dataclass(frozen=True)
class SubActivityInput:
    code: str
    name: str
    indicator: str
    unit: str
    agency_id: int | None
    baseline: Decimal = Decimal("0")
    targets: dict[int, Decimal] = field(default_factory=dict)
    allocations: list[AllocationInput] = field(default_factory=list)
    location_codes: list[str] = field(default_factory=list)
    proposal_ids: list[int] = field(default_factory=list)


def _checked_input(
    *, user: User, plan: Plan, data: SubActivityInput, sub_activity: SubActivity | None
) -> tuple[Agency | None, list[Region], list[Proposal]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.code.strip() or not data.name.strip():
        add("code", _("Kode dan nama sub kegiatan wajib diisi."))
    elif (
        SubActivity.objects.filter(plan=plan, code=data.code.strip())
        .exclude(pk=sub_activity.pk if sub_activity is not None else 0)
        .exists()
    ):
        add("code", _("Kode sub kegiatan %(code)s sudah ada.") % {"code": data.code})
    if not data.indicator.strip():
        add("indicator", _("Tuliskan indikator kinerjanya."))
    if not data.unit.strip():
        add("unit", _("Tuliskan satuan indikatornya."))
    if data.baseline < 0:
        add("baseline", _("Baseline tidak boleh negatif."))
    too_big = Decimal("1e12")
    if data.baseline >= too_big or any(v >= too_big for v in data.targets.values()):
        add("targets", _("Target atau baseline terlalu besar."))
    agency = (
        Agency.objects.filter(pk=data.agency_id, kind=Agency.Kind.OPD).first()
        if data.agency_id
        else None
    )
    if agency is None or not plan.region.contains(agency.region_id):
        add("agency", _("Perangkat daerah tidak ditemukan di wilayah rencana ini."))
    years = set(plan.years)
    for year, value in data.targets.items():
        if year not in years:
            add(
                "targets",
                _("Target tahun %(year)s di luar masa rencana %(first)s-%(last)s.")
                % {"year": year, "first": plan.first_year, "last": plan.last_year},
            )
        elif value < 0:
            add("targets", _("Target tahun %(year)s tidak boleh negatif.") % {"year": year})
    seen: set[tuple[int, str]] = set()
    for a in data.allocations:
        label = {
            "year": a.year,
            "source": Funding(a.source).label if a.source in Funding.values else a.source,
        }
        if a.year not in years:
            add(
                "allocations",
                _("Pagu tahun %(year)s di luar masa rencana %(first)s-%(last)s.")
                % {"year": a.year, "first": plan.first_year, "last": plan.last_year},
            )
        if a.source not in Funding.values:
            add("allocations", _("Sumber dana '%(source)s' tidak dikenal.") % label)
        elif a.source == Funding.NON_GOVERNMENT and not a.donor.strip():
            add(
                "allocations",
                _("Pagu %(year)s dari dana non-pemerintah: sebutkan pemberi dananya.") % label,
            )
        if a.amount < 0:
            add("allocations", _("Pagu %(year)s %(source)s tidak boleh negatif.") % label)
        if (a.year, a.source) in seen:
            add("allocations", _("Pagu %(year)s %(source)s disebut dua kali.") % label)
        seen.add((a.year, a.source))
    # Locations: new ones must lie in the plan's region and the user's reach; the ones a
    # change removes must be within reach too (moving a sub-activity checks both sides).
    codes = sorted(set(data.location_codes))
    regions = list(
        Region.objects.filter(
            code__in=codes, level__in=[Region.Level.DISTRICT, Region.Level.VILLAGE]
        )
    )
    found = {r.code for r in regions}
    for code in codes:
        if code not in found or not plan.region.contains(code) or not _may(user, code):
            add("locations", _("Lokasi %(code)s tidak ditemukan.") % {"code": code})
    if sub_activity is not None:
        old = set(sub_activity.locations.values_list("region_id", flat=True))
        for code in sorted(old - set(codes)):
            if not _may(user, code):
                add("locations", _("Lokasi %(code)s tidak ditemukan.") % {"code": code})
    proposals = list(
        Proposal.objects.filter(
            pk__in=set(data.proposal_ids),
            status=Proposal.Status.ACCEPTED,
            planning_year__region_id=plan.region_id,
        )
    )
    if len(proposals) != len(set(data.proposal_ids)):
        missing = sorted(set(data.proposal_ids) - {p.pk for p in proposals})
        add(
            "proposals",
            _("Usulan %(ids)s tidak ditemukan di antara usulan yang disepakati wilayah ini.")
            % {"ids": ", ".join(str(i) for i in missing)},
        )
    if errors:
        raise ValidationError(errors)
    return agency, regions, proposals


def _snapshot(sub: SubActivity) -> dict[str, Any]:
    return {
        "code": sub.code,
        "name": sub.name,
        "indicator": sub.indicator,
        "unit": sub.unit,
        "baseline": str(sub.baseline),
        "agency": sub.agency_id,
        "targets": {str(t.year): str(t.value) for t in sub.targets.all()},
        "allocations": [[a.year, a.source, a.donor, str(a.amount)] for a in sub.allocations.all()],
        "locations": sorted(sub.locations.values_list("region_id", flat=True)),
        "proposals": sorted(
            SubActivityProposal.objects.filter(sub_activity=sub).values_list(
                "proposal_id", flat=True
            )
        ),
    }


def sub_activity_save(
    *,
    user: User,
    activity: Activity,
    data: SubActivityInput,
    sub_activity: SubActivity | None = None,
    ip: str | None = None,
) -> SubActivity:
    """Create the sub-activity, or replace what it says (targets, budget, locations,
    proposals) as a whole: all of it or nothing."""
    plan = activity.program.plan
    _plan_checked(user=user, plan=plan)
    if sub_activity is not None and sub_activity.plan_id != plan.pk:
        raise ValidationError({"plan": [_("Rencana tidak ditemukan.")]})
    agency, regions, proposals = _checked_input(
        user=user, plan=plan, data=data, sub_activity=sub_activity
    )
    assert agency is not None
    before = _snapshot(sub_activity) if sub_activity is not None else None
    with transaction.atomic():
        if sub_activity is None:
            sub_activity = SubActivity(plan=plan, activity=activity)
        sub_activity.code = data.code.strip()
        sub_activity.name = data.name.strip()
        sub_activity.indicator = data.indicator.strip()
        sub_activity.unit = data.unit.strip()
        sub_activity.baseline = data.baseline
        sub_activity.agency = agency
        sub_activity.save()
        _children_replace(sub=sub_activity, data=data, regions=regions, proposals=proposals)
        _audit(
            user=user,
            plan=plan,
            what="sub_activity",
            detail={"id": sub_activity.pk, "before": before, "after": _snapshot(sub_activity)},
            ip=ip,
        )
    return sub_activity


def _children_replace(
    *,
    sub: SubActivity,
    data: SubActivityInput,
    regions: list[Region],
    proposals: list[Proposal],
) -> None:
    Target.objects.filter(sub_activity=sub).delete()
    Allocation.objects.filter(sub_activity=sub).delete()
    Location.objects.filter(sub_activity=sub).delete()
    SubActivityProposal.objects.filter(sub_activity=sub).delete()
    Target.objects.bulk_create(
        Target(sub_activity=sub, year=year, value=value) for year, value in data.targets.items()
    )
    Allocation.objects.bulk_create(
        Allocation(
            sub_activity=sub,
            year=a.year,
            source=a.source,
            donor=a.donor.strip() if a.source == Funding.NON_GOVERNMENT else "",
            amount=a.amount,
        )
        for a in data.allocations
    )
    Location.objects.bulk_create(Location(sub_activity=sub, region=r) for r in regions)
    SubActivityProposal.objects.bulk_create(
        SubActivityProposal(sub_activity=sub, proposal=p) for p in proposals
    )


def locations_add(
    *, user: User, sub_activity: SubActivity, codes: list[str], ip: str | None = None
) -> int:
    """Add priority locations (picked from the registry's suggestions); returns how many
    were new. Codes already there change nothing."""
    plan = sub_activity.plan
    _plan_checked(user=user, plan=plan)
    existing = set(sub_activity.locations.values_list("region_id", flat=True))
    data = SubActivityInput(
        code=sub_activity.code,
        name=sub_activity.name,
        indicator=sub_activity.indicator,
        unit=sub_activity.unit,
        agency_id=sub_activity.agency_id,
        location_codes=sorted(existing | set(codes)),
    )
    _checked_input(user=user, plan=plan, data=data, sub_activity=sub_activity)
    new = sorted(set(codes) - existing)
    with transaction.atomic():
        Location.objects.bulk_create(
            Location(sub_activity=sub_activity, region_id=code) for code in new
        )
        _audit(
            user=user,
            plan=plan,
            what="locations",
            detail={"id": sub_activity.pk, "added": new},
            ip=ip,
        )
    return len(new)


def rat_create(*, user: User, rpkd: Plan, year: int, ip: str | None = None) -> Plan:
    """The annual action plan of ``year`` built from the RPKD: every priority, program,
    activity and sub-activity copied, with that year's target and budget only."""
    _plan_checked(user=user, plan=rpkd)
    if rpkd.kind != Plan.Kind.RPKD:
        raise ValidationError({"plan": [_("RAT dibuat dari RPKD.")]})
    if year not in rpkd.years:
        raise ValidationError(
            {
                "year": [
                    _("Tahun %(year)s di luar masa RPKD %(first)s-%(last)s.")
                    % {"year": year, "first": rpkd.first_year, "last": rpkd.last_year}
                ]
            }
        )
    if Plan.objects.filter(region=rpkd.region, kind=Plan.Kind.RAT, first_year=year).exists():
        raise ValidationError({"year": [_("RAT %(year)s sudah ada.") % {"year": year}]})
    with transaction.atomic():
        rat = Plan.objects.create(
            region=rpkd.region,
            kind=Plan.Kind.RAT,
            first_year=year,
            last_year=year,
            parent=rpkd,
            title=f"RAT {year}",
            created_by=user,
        )
        priorities = {
            p.pk: Priority.objects.create(
                plan=rat, number=p.number, name=p.name, strategy=p.strategy, cluster=p.cluster
            )
            for p in rpkd.priorities.all()
        }
        programs = {
            p.pk: PlanProgram.objects.create(
                plan=rat,
                priority=priorities[p.priority_id],
                code=p.code,
                name=p.name,
                catalogue_program_id=p.catalogue_program_id,
            )
            for p in rpkd.programs.all()
        }
        activities = {
            a.pk: Activity.objects.create(program=programs[a.program_id], code=a.code, name=a.name)
            for a in Activity.objects.filter(program__plan=rpkd)
        }
        subs = {
            s.pk: SubActivity.objects.create(
                plan=rat,
                activity=activities[s.activity_id],
                code=s.code,
                name=s.name,
                indicator=s.indicator,
                unit=s.unit,
                baseline=s.baseline,
                agency_id=s.agency_id,
                origin=s,
            )
            for s in rpkd.sub_activities.all()
        }
        Target.objects.bulk_create(
            Target(sub_activity=subs[t.sub_activity_id], year=year, value=t.value)
            for t in Target.objects.filter(sub_activity__plan=rpkd, year=year)
        )
        Allocation.objects.bulk_create(
            Allocation(
                sub_activity=subs[a.sub_activity_id],
                year=year,
                source=a.source,
                donor=a.donor,
                amount=a.amount,
            )
            for a in Allocation.objects.filter(sub_activity__plan=rpkd, year=year)
        )
        Location.objects.bulk_create(
            Location(sub_activity=subs[loc.sub_activity_id], region_id=loc.region_id)
            for loc in Location.objects.filter(sub_activity__plan=rpkd)
        )
        SubActivityProposal.objects.bulk_create(
            SubActivityProposal(sub_activity=subs[p.sub_activity_id], proposal_id=p.proposal_id)
            for p in SubActivityProposal.objects.filter(sub_activity__plan=rpkd)
        )
        _audit(
            user=user,
            plan=rat,
            what="created",
            detail={"kind": "rat", "from": rpkd.pk, "sub_activities": len(subs)},
            ip=ip,
        )
    return rat
