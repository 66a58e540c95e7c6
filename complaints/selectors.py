"""Reads of complaints: who sees which, the public view of one code, routing suggestions,
the village picker and the figures for the LP2KD."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.codes import code_normalise
from complaints.models import (
    OPEN_STATUSES,
    REGISTRY_CATEGORIES,
    Attachment,
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    Status,
)
from households.selectors import household_may_open
from programs.models import Program
from tkpk.access import (
    codes_scope_q,
    region_lineage,
    region_scope_q,
    user_assignments,
    user_can_see_region,
    user_permissions,
    user_region_codes,
)
from tkpk.models import Agency, Region
from tkpk.roles import ROLE_PERMISSIONS, Permission

P = Permission
OFFICE_PERMISSIONS = frozenset({P.MANAGE_COMPLAINTS, P.HANDLE_COMPLAINTS, P.SUBMIT_COMPLAINTS})
STATISTICS_PERMISSIONS = frozenset({P.MANAGE_COMPLAINTS, P.DOWNLOAD_REPORTS})


def public_root_code() -> str:
    """The region whose villages the public form offers ('' = the whole country)."""
    return str(getattr(settings, "COMPLAINTS_REGION", "") or "")


def _visible_q(user: Any) -> Q:
    """Complaints in the subtrees where the user manages complaints, those routed to the
    user's agency where the user handles them, and those the user recorded."""
    query = region_scope_q(user, field="village__code", permission=P.MANAGE_COMPLAINTS)
    for assignment in user_assignments(user):
        granted = ROLE_PERMISSIONS[assignment.role]
        where = codes_scope_q([assignment.region_id], field="village__code")
        if P.HANDLE_COMPLAINTS in granted and assignment.agency_id:
            query |= Q(agency_id=assignment.agency_id) & where
        if P.SUBMIT_COMPLAINTS in granted:
            query |= Q(created_by=user) & where
    return query


@dataclass(frozen=True)
class ComplaintFilters:
    query: str = ""  # tracking code, LAPOR! or agency reference
    status: str = ""
    category: str = ""
    overdue: bool = False
    region: str = ""


def complaint_list(*, user: Any, filters: ComplaintFilters | None = None) -> QuerySet[Complaint]:
    filters = filters or ComplaintFilters()
    complaints = Complaint.objects.filter(_visible_q(user))
    text = filters.query.strip()
    if text:
        complaints = complaints.filter(
            Q(code=code_normalise(text)) | Q(lapor_reference=text) | Q(external_reference=text)
        )
    if filters.status:
        complaints = complaints.filter(status=filters.status)
    if filters.category:
        complaints = complaints.filter(category=filters.category)
    if filters.overdue:
        complaints = complaints.filter(status__in=OPEN_STATUSES, due_at__lt=timezone.now())
    if filters.region:
        complaints = complaints.filter(codes_scope_q([filters.region], field="village__code"))
    return complaints.select_related("village__parent", "agency", "program").order_by(
        "-received_at", "-id"
    )


def complaint_get_for_user(*, user: Any, complaint_id: int) -> Complaint:
    try:
        return (
            Complaint.objects.filter(_visible_q(user))
            .select_related(
                "village__parent__parent", "agency", "household", "correction", "program"
            )
            .get(pk=complaint_id)
        )
    except Complaint.DoesNotExist as exc:
        raise Http404 from exc


def complaint_already_filed(*, user: Any, external_reference: str) -> bool:
    """Whether the caller already filed the complaint it names by its own reference: a
    client that retries gets the complaint back instead of a second one."""
    reference = external_reference.strip()
    return bool(reference) and (
        Complaint.objects.filter(created_by=user, external_reference=reference).exists()
    )


def complaint_get_public(*, code: str) -> Complaint:
    try:
        return Complaint.objects.select_related("village__parent__parent", "agency", "program").get(
            code=code
        )
    except Complaint.DoesNotExist as exc:
        raise Http404 from exc


def complaint_timeline(*, complaint: Complaint) -> QuerySet[ComplaintEvent]:
    return complaint.events.select_related("actor", "agency").order_by("at", "id")


def complaint_public_timeline(*, complaint: Complaint) -> list[dict[str, Any]]:
    """Status steps and replies, with no person named: no staff, no complainant."""
    steps = []
    for event in complaint.events.select_related("agency").order_by("at", "id"):
        if not event.changes_status and not event.reply:
            continue
        steps.append(
            {
                "at": event.at,
                "status": Status(event.to_status).label if event.changes_status else "",
                "agency": event.agency.name if event.agency else "",
                "reply": event.reply,
            }
        )
    return steps


def complaint_can_manage(*, user: Any, complaint: Complaint) -> bool:
    return user_can_see_region(user, complaint.village_id, permission=P.MANAGE_COMPLAINTS)


def complaint_can_handle(*, user: Any, complaint: Complaint) -> bool:
    """A handler of the agency the complaint is routed to, for the complaint's region."""
    if complaint.agency_id is None:
        return False
    code = complaint.village_id
    return any(
        P.HANDLE_COMPLAINTS in ROLE_PERMISSIONS[a.role]
        and a.agency_id == complaint.agency_id
        and (code == a.region_id or code.startswith(a.region_id + "."))
        for a in user_assignments(user)
    )


@dataclass(frozen=True)
class ComplaintAbilities:
    """What the user may do on one complaint's page."""

    manage: bool
    handle: bool
    link: bool  # search the registry for the complainant's household
    correct: bool  # open a registry correction draft
    reveal: bool  # see the complainant's full NIK
    view_household: bool  # open the linked household's page


def complaint_abilities(*, user: Any, complaint: Complaint) -> ComplaintAbilities:
    manage = complaint_can_manage(user=user, complaint=complaint)
    handle = complaint_can_handle(user=user, complaint=complaint)
    village = complaint.village_id
    household = complaint.household
    return ComplaintAbilities(
        manage=manage,
        handle=handle,
        link=(manage or handle) and user_can_see_region(user, village, permission=P.VIEW_REGISTRY),
        correct=(manage or handle) and complaint.category in REGISTRY_CATEGORIES,
        reveal=bool(complaint.nik)
        and user_can_see_region(user, village, permission=P.VIEW_FULL_NIK),
        view_household=household is not None
        and household_may_open(user=user, village_code=household.village_id),
    )


def complaint_handler_without_agency(*, user: Any) -> bool:
    """A user who may handle complaints but belongs to no agency: nothing is routed to them."""
    return P.HANDLE_COMPLAINTS in user_permissions(user) and not any(
        a.agency_id for a in user_assignments(user)
    )


def office_root_code(*, user: Any) -> str:
    """The region whose villages the back-office form offers: the user's first region where
    they record complaints."""
    return user_region_codes(user, permission=P.SUBMIT_COMPLAINTS)[0]


def statistics_region_visible(*, user: Any, region: str) -> bool:
    """Whether the user may see the complaint figures of ``region``."""
    return any(user_can_see_region(user, region, permission=p) for p in STATISTICS_PERMISSIONS)


def attachment_get_for_user(*, user: Any, attachment_id: int) -> Attachment:
    """An attachment of a complaint the user sees, or 404 (missing and not theirs alike)."""
    try:
        return Attachment.objects.get(
            pk=attachment_id, complaint__in=Complaint.objects.filter(_visible_q(user)).values("pk")
        )
    except Attachment.DoesNotExist as exc:
        raise Http404 from exc


def agency_get(*, agency_id: int | None) -> Agency | None:
    """The agency a complaint is routed to, picked from ``complaint_agency_choices``."""
    if not agency_id:
        return None
    return Agency.objects.filter(pk=agency_id).first()


def complaint_agency_choices(*, complaint: Complaint) -> QuerySet[Agency]:
    """Agencies that serve the complaint's village: those of its regency and province."""
    return Agency.objects.filter(region_id__in=region_lineage(complaint.village_id)).order_by(
        "name"
    )


def complaint_program_choices(*, region: str) -> QuerySet[Program]:
    """Programs a complaint in ``region`` may be about: national ones and those run by the
    region, one above it or one inside it, still active. With no region (a public form for
    the whole country) only the national ones: no region's own programs in another's list."""
    today = timezone.localdate()
    scope = Q(owner_region__isnull=True)
    if region:
        scope |= Q(owner_region_id__in=region_lineage(region))
        scope |= Q(owner_region__code__startswith=region + ".")
    return (
        Program.objects.filter(scope)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
        .select_related("agency")
        .order_by("code")
    )


# Which agency usually answers a category or a national program, by agency code, when the
# program catalogue names no responsible OPD for the program.
CATEGORY_AGENCY_CODES: dict[str, tuple[str, ...]] = {
    Category.NOT_REGISTERED: ("dinsos",),
    Category.NOT_POOR: ("dinsos",),
    Category.WRONG_DATA: ("dinsos", "disdukcapil"),
}
PROGRAM_AGENCY_CODES: dict[str, tuple[str, ...]] = {
    "PKH": ("dinsos",),
    "BPNT": ("dinsos",),
    "PBI-JKN": ("dinkes", "bpjs-kesehatan"),
    "PIP": ("dindik", "disdik"),
    "BLT-DESA": ("dpmd", "dpmdes"),
    "RUTILAHU": ("perkim", "pupr"),
    "KUBE": ("dinsos",),
}


def complaint_suggested_agency(*, complaint: Complaint) -> Agency | None:
    """Routing by program first (the catalogue's responsible OPD, else the usual agency for a
    national program), then by category, among the agencies serving the village."""
    choices = {a.code: a for a in complaint_agency_choices(complaint=complaint)}
    program = complaint.program
    if program is not None and program.agency_id is not None:
        for agency in choices.values():
            if agency.pk == program.agency_id:
                return agency
    for codes in (
        PROGRAM_AGENCY_CODES.get(program.code if program else "", ()),
        CATEGORY_AGENCY_CODES.get(complaint.category, ()),
    ):
        for code in codes:
            if code in choices:
                return choices[code]
    return None


# The village picker ------------------------------------------------------------------


@dataclass
class ChainLevel:
    label: str
    name: str  # "wilayah" for the levels above the village, "village" for the village
    options: list[tuple[str, str]]
    selected: str = ""


LEVEL_LABELS = {
    Region.Level.PROVINCE: _("Provinsi"),
    Region.Level.REGENCY: _("Kabupaten/kota"),
    Region.Level.DISTRICT: _("Kecamatan"),
    Region.Level.VILLAGE: _("Desa/kelurahan"),
}


def region_chain(*, root: str, selected: str) -> list[ChainLevel]:
    """The selects from below ``root`` down to the villages, filled as far as ``selected``
    reaches. A ``selected`` outside ``root`` is ignored."""
    if selected and root and not (selected == root or selected.startswith(root + ".")):
        selected = ""
    root_level = len(root.split(".")) if root else 0
    if root_level >= Region.Level.VILLAGE:
        return []
    parts = selected.split(".") if selected else []
    levels: list[ChainLevel] = []
    parent = root
    level = root_level + 1
    while level <= Region.Level.VILLAGE:
        children = Region.objects.filter(level=level)
        children = children.filter(parent_id=parent) if parent else children
        chosen = ".".join(parts[:level]) if len(parts) >= level else ""
        levels.append(
            ChainLevel(
                label=str(LEVEL_LABELS[Region.Level(level)]),
                name="village" if level == Region.Level.VILLAGE else "wilayah",
                options=list(children.order_by("name").values_list("code", "name")),
                selected=chosen,
            )
        )
        if not chosen:
            break
        parent = chosen
        level += 1
    return levels


def chain_selected(codes: list[str]) -> str:
    """The deepest code of a posted chain whose levels still agree with each other."""
    selected = ""
    for code in (c.strip() for c in codes):
        if not code:
            break
        if selected and not code.startswith(selected + "."):
            break
        selected = code
    return selected


# Figures for the LP2KD ------------------------------------------------------------------


@dataclass(frozen=True)
class StatisticsFilters:
    date_from: date | None = None
    date_to: date | None = None
    region: str = ""


@dataclass
class Bar:
    key: str
    label: str
    count: int
    percent: int = 0
    overdue: int = 0


@dataclass
class ComplaintStatistics:
    total: int
    open: int
    overdue: int
    resolved: int
    median_days_to_resolve: float | None
    by_category: list[Bar] = field(default_factory=list)
    by_program: list[Bar] = field(default_factory=list)
    by_region: list[Bar] = field(default_factory=list)
    by_status: list[Bar] = field(default_factory=list)
    by_channel: list[Bar] = field(default_factory=list)
    region_level_label: str = ""


def statistics_scope(*, user: Any, filters: StatisticsFilters) -> QuerySet[Complaint]:
    scope = Q(pk__in=[])
    for permission in STATISTICS_PERMISSIONS:
        scope |= region_scope_q(user, field="village__code", permission=permission)
    complaints = Complaint.objects.filter(scope)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        complaints = complaints.filter(
            received_at__gte=datetime.combine(filters.date_from, time.min, tzinfo=tz)
        )
    if filters.date_to:
        complaints = complaints.filter(
            received_at__lt=datetime.combine(
                filters.date_to + timedelta(days=1), time.min, tzinfo=tz
            )
        )
    if filters.region:
        complaints = complaints.filter(codes_scope_q([filters.region], field="village__code"))
    return complaints


def median_days_to_resolve(complaints: QuerySet[Complaint]) -> float | None:
    """The median time from receipt to resolution, in days: the database orders the
    durations and hands back the middle one or two (two queries, whatever the count)."""
    resolved = (
        complaints.filter(resolved_at__isnull=False)
        .annotate(took=ExpressionWrapper(F("resolved_at") - F("received_at"), DurationField()))
        .order_by("took")
    )
    count = resolved.count()
    if not count:
        return None
    middle = list(resolved.values_list("took", flat=True)[(count - 1) // 2 : count // 2 + 1])
    return round(sum(d.total_seconds() for d in middle) / len(middle) / 86400, 1)


def complaint_statistics(*, user: Any, filters: StatisticsFilters) -> ComplaintStatistics:
    """Counts by category, program, region, status and channel; overdue counts; the median
    days from receipt to resolution. One grouped query per breakdown."""
    complaints = statistics_scope(user=user, filters=filters)
    now = timezone.now()
    overdue_q = Q(status__in=OPEN_STATUSES, due_at__lt=now)

    def grouped(column: Any, labels: dict[str, Any]) -> list[Bar]:
        rows = (
            complaints.annotate(key=column)
            .values("key")
            .annotate(n=Count("id"), late=Count("id", filter=overdue_q))
            .order_by("-n", "key")
        )
        return _bars([(r["key"] or "", r["n"], r["late"]) for r in rows], labels)

    totals = complaints.aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("id", filter=overdue_q),
        resolved=Count("id", filter=Q(resolved_at__isnull=False)),
    )
    root = filters.region or _single_root(user)
    child_length = {0: 2, 2: 5, 5: 8, 8: 13, 13: 13}[len(root)]
    region_rows = (
        complaints.annotate(area=Substr("village_id", 1, child_length))
        .values("area")
        .annotate(n=Count("id"), late=Count("id", filter=overdue_q))
        .order_by("-n", "area")
    )
    region_names = dict(
        Region.objects.filter(code__in=[r["area"] for r in region_rows]).values_list("code", "name")
    )
    level = {2: Region.Level.PROVINCE, 5: Region.Level.REGENCY, 8: Region.Level.DISTRICT}.get(
        child_length, Region.Level.VILLAGE
    )
    return ComplaintStatistics(
        total=totals["total"],
        open=totals["open"],
        overdue=totals["overdue"],
        resolved=totals["resolved"],
        median_days_to_resolve=median_days_to_resolve(complaints),
        by_category=grouped(F("category"), dict(Category.choices)),
        by_program=grouped(
            F("program__code"),
            {"": str(_("Tanpa program")), **dict(Program.objects.values_list("code", "name"))},
        ),
        by_region=_bars(
            [(r["area"], r["n"], r["late"]) for r in region_rows],
            {code: f"{name} ({code})" for code, name in region_names.items()},
        ),
        by_status=grouped(F("status"), dict(Status.choices)),
        by_channel=grouped(F("channel"), {}),
        region_level_label=str(LEVEL_LABELS[level]),
    )


def _single_root(user: Any) -> str:
    roots = set()
    for permission in STATISTICS_PERMISSIONS:
        roots.update(user_region_codes(user, permission=permission))
    return roots.pop() if len(roots) == 1 else ""


def _bars(rows: list[tuple[str, int, int]], labels: dict[str, Any]) -> list[Bar]:
    labels = {**dict(Channel.choices), **labels}
    top = max((n for _, n, _ in rows), default=0)
    return [
        Bar(
            key=key,
            label=str(labels.get(key, key)),
            count=n,
            percent=round(n * 100 / top) if top else 0,
            overdue=late,
        )
        for key, n, late in rows
    ]
