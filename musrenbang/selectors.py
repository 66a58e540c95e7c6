"""Reads of Musrenbang: scope, lists, registry figures per village, scores, district ranking.

Scope: Musrenbang is open to whoever manages it (secretariat) or proposes in it (village
operators). Proposals, forums and ceilings are seen in the user's region subtree; a
planning year is also seen from below (a village operator sees its regency's year).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from households.choices import Disability, SchoolAttendance
from households.models import Household, Person
from households.selectors import unfit_housing_q
from musrenbang.models import (
    Attendance,
    AttendanceBatch,
    Criterion,
    DistrictCeiling,
    Forum,
    PlanningYear,
    Proposal,
    ProposalBatch,
    ProposalScore,
    Stage,
)
from tkpk.access import codes_scope_q, region_lineage, user_region_codes
from tkpk.jobs import JobSubject
from tkpk.models import Job, Region
from tkpk.roles import Permission

MUSRENBANG_PERMISSIONS = (Permission.MANAGE_MUSRENBANG, Permission.PROPOSE_MUSRENBANG)


def musrenbang_roots(user: Any) -> list[str]:
    """Roots of the subtrees where the user manages or proposes."""
    codes = {c for p in MUSRENBANG_PERMISSIONS for c in user_region_codes(user, permission=p)}
    return sorted(c for c in codes if not any(c.startswith(o + ".") for o in codes))


def musrenbang_scope_q(user: Any, *, field: str) -> Q:
    return codes_scope_q(musrenbang_roots(user), field=field)


def musrenbang_may_write(user: Any, code: str, *, permission: str) -> bool:
    roots = user_region_codes(user, permission=permission)
    return any(code == r or code.startswith(r + ".") for r in roots)


def musrenbang_may_propose(user: Any, code: str) -> bool:
    """Village operators for their village, the secretariat anywhere in its region."""
    return any(musrenbang_may_write(user, code, permission=p) for p in MUSRENBANG_PERMISSIONS)


# ---------------------------------------------------------------------------- planning years


def planning_year_list(*, user: Any) -> QuerySet[PlanningYear]:
    roots = musrenbang_roots(user)
    above = {code for root in roots for code in region_lineage(root)}
    return (
        PlanningYear.objects.filter(
            Q(region_id__in=above) | codes_scope_q(roots, field="region__code")
        )
        .select_related("region")
        .order_by("-year", "region_id")
    )


def planning_year_get_for_user(*, user: Any, planning_year_id: int) -> PlanningYear:
    try:
        return planning_year_list(user=user).get(pk=planning_year_id)
    except PlanningYear.DoesNotExist as exc:
        raise Http404 from exc


def planning_year_stages(*, planning_year: PlanningYear) -> list[Stage]:
    return list(planning_year.stages.select_related("closed_by").order_by("order"))


def stage_get_for_user(*, user: Any, stage_id: int) -> Stage:
    try:
        stage = Stage.objects.select_related("planning_year__region").get(pk=stage_id)
    except Stage.DoesNotExist as exc:
        raise Http404 from exc
    planning_year_get_for_user(user=user, planning_year_id=stage.planning_year_id)
    return stage


def planning_year_districts(*, user: Any, planning_year: PlanningYear) -> list[dict[str, Any]]:
    """The year's districts the user sees, with ceiling and proposal counts (two queries)."""
    districts = Region.objects.filter(
        musrenbang_scope_q(user, field="code"),
        parent_id=planning_year.region_id,
        level=Region.Level.DISTRICT,
    ).order_by("code")
    ceilings = {c.district_id: c for c in planning_year.ceilings.all()}
    counts: dict[str, int] = defaultdict(int)
    for row in (
        Proposal.objects.filter(planning_year=planning_year)
        .values("village__parent_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[str(row["village__parent_id"])] = row["n"]
    return [
        {"district": d, "ceiling": ceilings.get(d.code), "proposals": counts.get(d.code, 0)}
        for d in districts
    ]


def _sees(user: Any, code: str) -> bool:
    return any(code == r or code.startswith(r + ".") for r in musrenbang_roots(user))


def district_get_for_user(*, user: Any, planning_year: PlanningYear, code: str) -> Region:
    """A district of the year's regency inside the user's region, else 404."""
    district = Region.objects.filter(
        code=code, parent_id=planning_year.region_id, level=Region.Level.DISTRICT
    ).first()
    if district is None or not _sees(user, district.code):
        raise Http404
    return district


# ---------------------------------------------------------------------------- forums


def forum_list(*, user: Any, planning_year: PlanningYear) -> QuerySet[Forum]:
    return (
        Forum.objects.filter(
            musrenbang_scope_q(user, field="region__code"), planning_year=planning_year
        )
        .select_related("region", "stage", "agency")
        .annotate(attendee_count=Count("attendees"))
        .order_by("held_on", "id")
    )


def forum_get_for_user(*, user: Any, forum_id: int) -> Forum:
    try:
        return (
            Forum.objects.filter(musrenbang_scope_q(user, field="region__code"))
            .select_related("region", "stage", "agency", "planning_year__region")
            .get(pk=forum_id)
        )
    except Forum.DoesNotExist as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class AttendanceMix:
    total: int
    women: int
    disability: int
    poor: int
    warnings: list[str] = field(default_factory=list)


def attendance_mix(*, forum: Forum) -> AttendanceMix:
    """Who came, in one aggregate query, and what is missing: no women, nobody with a
    disability, nobody speaking for poor households (seed 000: the same few people)."""
    row = Attendance.objects.filter(forum=forum).aggregate(
        total=Count("id"),
        women=Count("id", filter=Q(sex=Attendance.Sex.FEMALE)),
        disability=Count("id", filter=Q(has_disability=True)),
        poor=Count("id", filter=Q(represents_poor=True)),
    )
    warnings = []
    if row["total"]:
        if not row["women"]:
            warnings.append(_("Tidak ada peserta perempuan."))
        if not row["disability"]:
            warnings.append(_("Tidak ada wakil penyandang disabilitas."))
        if not row["poor"]:
            warnings.append(_("Tidak ada wakil rumah tangga miskin."))
    else:
        warnings.append(_("Daftar hadir masih kosong."))
    return AttendanceMix(warnings=warnings, **row)


# ---------------------------------------------------------------------------- proposals


@dataclass(frozen=True)
class ProposalFilters:
    planning_year: int | None = None
    village: str = ""  # a village or district code
    status: str = ""


def proposal_list(*, user: Any, filters: ProposalFilters | None = None) -> QuerySet[Proposal]:
    filters = filters or ProposalFilters()
    rows = Proposal.objects.filter(musrenbang_scope_q(user, field="village__code")).select_related(
        "village__parent", "planning_year"
    )
    if filters.planning_year:
        rows = rows.filter(planning_year_id=filters.planning_year)
    if filters.village:
        rows = rows.filter(
            Q(village_id=filters.village) | Q(village__code__startswith=filters.village + ".")
        )
    if filters.status:
        rows = rows.filter(status=filters.status)
    return rows


def proposal_get_for_user(*, user: Any, proposal_id: int) -> Proposal:
    try:
        return (
            Proposal.objects.filter(musrenbang_scope_q(user, field="village__code"))
            .select_related(
                "village__parent",
                "planning_year__region",
                "stage",
                "forum",
                "agency",
                "parent",
                "created_by",
            )
            .get(pk=proposal_id)
        )
    except Proposal.DoesNotExist as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class VillagePoverty:
    """Live registry figures for one village (active households, living persons)."""

    households: int = 0
    households_d1_4: int = 0
    people_d1_4: int = 0
    extreme_poor: int = 0
    unfit_housing: int = 0
    children_out_of_school: int = 0
    people_with_disability: int = 0

    @property
    def share_d1_4(self) -> float:
        return self.households_d1_4 / self.households if self.households else 0.0


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def village_poverty(
    *, village_codes: list[str] | set[str], on: date | None = None
) -> dict[str, VillagePoverty]:
    """Registry figures for every village of the list in two grouped queries (households,
    persons), never one per proposal."""
    on = on or timezone.localdate()
    codes = sorted(set(village_codes))
    if not codes:
        return {}
    poor = Q(welfare_decile__lte=4)
    households = {
        row["village_id"]: row
        for row in Household.objects.filter(village_id__in=codes, status=Household.Status.ACTIVE)
        .values("village_id")
        .annotate(
            households=Count("id"),
            households_d1_4=Count("id", filter=poor),
            extreme_poor=Count("id", filter=Q(extreme_poor=True)),
            unfit_housing=Count("id", filter=unfit_housing_q()),
        )
        .order_by()
    }
    # Aged 7 to 18 on ``on``: born after the 19th birthday cut-off, on or before the 7th.
    born_after = _years_before(on, 19)
    born_by = _years_before(on, 7)
    persons = {
        row["household__village_id"]: row
        for row in Person.objects.filter(
            household__village_id__in=codes,
            household__status=Household.Status.ACTIVE,
            status=Person.Status.LIVING,
        )
        .values("household__village_id")
        .annotate(
            people_d1_4=Count("id", filter=Q(household__welfare_decile__lte=4)),
            children_out_of_school=Count(
                "id",
                filter=Q(
                    birth_date__gt=born_after,
                    birth_date__lte=born_by,
                    school_attendance__in=[SchoolAttendance.NEVER, SchoolAttendance.LEFT],
                ),
            ),
            people_with_disability=Count("id", filter=~Q(disability=Disability.NONE)),
        )
        .order_by()
    }
    result = {}
    empty: dict[str, Any] = {}
    for code in codes:
        h = households.get(code, empty)
        p = persons.get(code, empty)
        result[code] = VillagePoverty(
            households=h.get("households", 0),
            households_d1_4=h.get("households_d1_4", 0),
            extreme_poor=h.get("extreme_poor", 0),
            unfit_housing=h.get("unfit_housing", 0),
            people_d1_4=p.get("people_d1_4", 0),
            children_out_of_school=p.get("children_out_of_school", 0),
            people_with_disability=p.get("people_with_disability", 0),
        )
    return result


# Share of the village's households in deciles 1-4 at which the automatic poverty criterion
# reaches 2, 3, 4 and 5 (DTKS holds roughly the poorest 40%). A default, editable later.
POVERTY_SHARE_STEPS = (0.10, 0.20, 0.30, 0.40)


def poverty_score(poverty: VillagePoverty) -> int:
    share = poverty.share_d1_4
    return 1 + sum(share >= step for step in POVERTY_SHARE_STEPS)


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    values: list[tuple[str, int]]  # (assessor or "otomatis", value)
    mean: Decimal | None


def proposal_score_breakdown(*, proposal: Proposal) -> list[CriterionRow]:
    """Each criterion of the year's rubric with every assessor's score and their mean."""
    criteria = list(Criterion.objects.filter(rubric__planning_year_id=proposal.planning_year_id))
    scores: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for s in ProposalScore.objects.filter(proposal=proposal).select_related("assessor"):
        who = s.assessor.get_username() if s.assessor else _("otomatis")
        scores[s.criterion_id].append((who, s.value))
    rows = []
    for c in criteria:
        values = scores.get(c.pk, [])
        mean = (
            (Decimal(sum(v for _w, v in values)) / len(values)).quantize(Decimal("0.01"))
            if values
            else None
        )
        rows.append(CriterionRow(criterion=c, values=values, mean=mean))
    return rows


# ---------------------------------------------------------------------------- ranking


def district_ceiling(*, planning_year: PlanningYear, district: Region) -> DistrictCeiling | None:
    return DistrictCeiling.objects.filter(planning_year=planning_year, district=district).first()


def district_ranking(*, planning_year: PlanningYear, district: Region) -> QuerySet[Proposal]:
    """The district's proposals in score order with the running total of what was agreed
    (accepted costs only: a skipped proposal adds nothing) in one query."""
    order = ["-score", "estimated_cost", "id"]
    return (
        Proposal.objects.filter(
            planning_year=planning_year,
            village__code__startswith=district.code + ".",
            score__isnull=False,
        )
        .exclude(status=Proposal.Status.REJECTED)
        .select_related("village")
        .annotate(
            position=Window(RowNumber(), order_by=order),
            running_cost=Window(
                Sum(
                    Case(
                        When(status=Proposal.Status.ACCEPTED, then=F("estimated_cost")),
                        default=Value(0),
                    )
                ),
                order_by=order,
            ),
        )
        .order_by(*order)
    )


def district_unscored_count(*, planning_year: PlanningYear, district: Region) -> int:
    return Proposal.objects.filter(
        planning_year=planning_year,
        village__code__startswith=district.code + ".",
        score__isnull=True,
    ).count()


# ---------------------------------------------------------------------------- uploads


def proposal_batch_get_for_user(*, user: Any, batch_id: int) -> ProposalBatch:
    """An upload of proposals whose region the user reaches, else 404."""
    try:
        return (
            ProposalBatch.objects.filter(musrenbang_scope_q(user, field="region__code"))
            .select_related("planning_year__region", "forum", "region", "uploaded_by", "job")
            .get(pk=batch_id)
        )
    except ProposalBatch.DoesNotExist as exc:
        raise Http404 from exc


def attendance_batch_get_for_user(*, user: Any, batch_id: int) -> AttendanceBatch:
    """An upload of a sign-in sheet of a forum the user reaches, else 404."""
    try:
        return (
            AttendanceBatch.objects.filter(musrenbang_scope_q(user, field="forum__region__code"))
            .select_related("forum__planning_year", "region", "uploaded_by", "job")
            .get(pk=batch_id)
        )
    except AttendanceBatch.DoesNotExist as exc:
        raise Http404 from exc


def batch_rows(*, batch: ProposalBatch | AttendanceBatch, outcome: str = "") -> QuerySet[Any]:
    rows = batch.rows.all()
    if outcome:
        rows = rows.filter(outcome=outcome)
    return rows.order_by("row_number")


def proposal_batch_list(*, user: Any, planning_year: PlanningYear) -> QuerySet[ProposalBatch]:
    return (
        ProposalBatch.objects.filter(
            musrenbang_scope_q(user, field="region__code"), planning_year=planning_year
        )
        .select_related("uploaded_by", "region")
        .order_by("-uploaded_at", "-id")
    )


def musrenbang_batch_job_subject(*, user: Any, job: Job) -> JobSubject | None:
    """The upload a validation or commit job works on, and its page."""
    batch_id = job.parameters.get("batch_id")
    if not isinstance(batch_id, int):
        return None
    try:
        if job.kind.startswith("musrenbang_proposal"):
            batch: ProposalBatch | AttendanceBatch = proposal_batch_get_for_user(
                user=user, batch_id=batch_id
            )
            url = reverse("musrenbang:proposal-batch", args=[batch_id])
            label = _("Unggahan usulan #%(id)s (%(name)s)")
        else:
            batch = attendance_batch_get_for_user(user=user, batch_id=batch_id)
            url = reverse("musrenbang:attendance-batch", args=[batch_id])
            label = _("Unggahan daftar hadir #%(id)s (%(name)s)")
    except Http404:
        return None
    return JobSubject(label=label % {"id": batch.pk, "name": batch.original_name}, url=url)
