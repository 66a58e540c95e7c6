"""Reads of LP2KD reports and versions, cut to the user's regions.

A report is read by whoever downloads reports in its region or prepares, approves or signs
it there; the province's users read their regencies' reports (a region above contains
them). Everything else answers 404, as a missing report does.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from programs.models import TargetingRun
from programs.targeting.selectors import run_list
from reports.lp2kd.deadlines import report_days_left, report_deadline
from reports.lp2kd.snapshot import snapshot_tables
from reports.models import FROZEN_STATES, Lp2kd, Lp2kdVersion, StepAction, VersionState
from tkpk.access import region_lineage, region_scope_q, user_can_see_region
from tkpk.jobs import JobSubject
from tkpk.models import Region
from tkpk.roles import Permission

P = Permission
READ_PERMISSIONS = (P.DOWNLOAD_REPORTS, P.PREPARE_REPORT, P.APPROVE_REPORT, P.SIGN_REPORT)
# Over the API an API client reads its region's reports as well, without being given
# DOWNLOAD_REPORTS (which opens complaint statistics and home-page figures to a role).
API_READ_PERMISSIONS = (*READ_PERMISSIONS, P.USE_API)
REPORT_LEVELS = (Region.Level.REGENCY, Region.Level.PROVINCE)


def _read_q(user: Any, field: str, *, via_api: bool = False) -> Q:
    query = Q(pk__in=[])
    for permission in API_READ_PERMISSIONS if via_api else READ_PERMISSIONS:
        query |= region_scope_q(user, field=field, permission=permission)
    return query


def lp2kd_list(*, user: Any, via_api: bool = False) -> QuerySet[Lp2kd]:
    """``via_api``: an API client's token reads its region's reports too (a regency's own
    system fetching its approved version to hand in to the province)."""
    return Lp2kd.objects.filter(_read_q(user, "region__code", via_api=via_api)).select_related(
        "region"
    )


def lp2kd_get_for_user(*, user: Any, report_id: int) -> Lp2kd:
    try:
        return lp2kd_list(user=user).get(pk=report_id)
    except Lp2kd.DoesNotExist as exc:
        raise Http404 from exc


def version_get_for_user(*, user: Any, version_id: int, via_api: bool = False) -> Lp2kdVersion:
    try:
        return (
            Lp2kdVersion.objects.filter(_read_q(user, "report__region__code", via_api=via_api))
            .select_related("report__region", "run", "created_by")
            .get(pk=version_id)
        )
    except Lp2kdVersion.DoesNotExist as exc:
        raise Http404 from exc


def lp2kd_may(user: Any, report: Lp2kd, permission: str) -> bool:
    return user_can_see_region(user, report.region_id, permission=permission)


def lp2kd_regions_to_prepare(*, user: Any) -> QuerySet[Region]:
    """Regencies, cities and provinces where the user may start an LP2KD."""
    return Region.objects.filter(
        region_scope_q(user, field="code", permission=P.PREPARE_REPORT), level__in=REPORT_LEVELS
    ).order_by("code")


def lp2kd_run_choices(*, user: Any, region_code: str) -> QuerySet[TargetingRun]:
    """Finished runs that cover the whole region (made over it or a region above)."""
    return (
        run_list(user=user)
        .filter(state=TargetingRun.State.DONE, region__in=region_lineage(region_code))
        .order_by("-reference_date", "-id")
    )


def lp2kd_default_run(*, user: Any, region_code: str, year: int) -> TargetingRun | None:
    """The newest finished run of the report's year, else the newest before its end."""
    runs = lp2kd_run_choices(user=user, region_code=region_code)
    return (
        runs.filter(reference_date__year=year).first()
        or runs.filter(reference_date__lte=date(year, 12, 31)).first()
    )


def province_submissions(*, user: Any, report: Lp2kd, today: date) -> list[Any] | None:
    """For a province's report: each of its regencies' submissions of the year (on time,
    late, missing) with the version the user may open. None for a regency's report."""
    from reports.lp2kd.rollup import regency_submissions_of

    if report.region.level != Region.Level.PROVINCE:
        return None
    # The province's report is in the user's scope, and so is every regency below it.
    return regency_submissions_of(province=report.region_id, year=report.year, today=today)


def province_rollup(*, report: Lp2kd, today: date) -> list[dict[str, Any]]:
    """For a province's report: the tables of its regencies' submitted figures."""
    from reports.lp2kd.rollup import province_rollup_tables

    if report.region.level != Region.Level.PROVINCE:
        return []
    return province_rollup_tables(province=report.region_id, year=report.year, today=today)


def version_steps(*, version: Lp2kdVersion) -> QuerySet[Any]:
    return version.steps.select_related("actor").order_by("at", "id")


def version_reviewer_id(*, version: Lp2kdVersion) -> int | None:
    step = version.steps.filter(action=StepAction.REVIEW).order_by("-at", "-id").first()
    return step.actor_id if step else None


def report_versions(*, report: Lp2kd) -> QuerySet[Lp2kdVersion]:
    return report.versions.select_related("run", "created_by").order_by("-number")


def report_open_version(*, report: Lp2kd) -> Lp2kdVersion | None:
    """The version still being worked on (draft or reviewed), if any."""
    return report.versions.exclude(state__in=FROZEN_STATES).order_by("-number").first()


def report_approved_version(*, report: Lp2kd) -> Lp2kdVersion | None:
    return report.versions.filter(state__in=FROZEN_STATES).order_by("-number").first()


# Comparing versions -------------------------------------------------------------------

DIFFERENCES_SHOWN = 500


def versions_compare(*, a: Lp2kdVersion, b: Lp2kdVersion) -> list[dict[str, Any]]:
    """Every figure that differs between two generated versions: the table, the row (its
    first cells), the column and the two values. Rows are matched by their label, so a
    district that appears in one only shows as a difference against nothing."""
    first = {t["key"]: t for t in snapshot_tables(a.snapshot or {})}
    second = {t["key"]: t for t in snapshot_tables(b.snapshot or {})}
    differences: list[dict[str, Any]] = []
    for key in sorted(first.keys() | second.keys(), key=_table_order):
        left, right = first.get(key), second.get(key)
        title = (left or right or {}).get("title", key)
        columns = (left or {}).get("columns") or (right or {}).get("columns") or []
        rows_a, rows_b = _rows_by_label(left, columns), _rows_by_label(right, columns)
        for label in list(dict.fromkeys([*rows_a, *rows_b])):
            va, vb = rows_a.get(label), rows_b.get(label)
            for index, column in enumerate(columns):
                if not column["num"]:
                    continue
                x = va[index] if va is not None and index < len(va) else None
                y = vb[index] if vb is not None and index < len(vb) else None
                if x != y:
                    differences.append(
                        {
                            "table": key,
                            "title": title,
                            "row": label,
                            "column": column["label"],
                            "a": x,
                            "b": y,
                        }
                    )
    return differences


def _table_order(key: str) -> tuple[int, ...]:
    return tuple(int(part) for part in key.lstrip("T").split(".") if part.isdigit())


def _rows_by_label(t: dict[str, Any] | None, columns: list[dict[str, Any]]) -> dict[str, Any]:
    if not t or t.get("missing"):
        return {}
    labels = [i for i, c in enumerate(columns) if not c["num"]] or [0]
    rows = {" · ".join(str(row[i]) for i in labels): row for row in t["rows"]}
    if t.get("total"):
        rows[" · ".join(str(t["total"][i]) for i in labels).strip(" ·")] = t["total"]
    return rows


# Deadlines on the home pages ------------------------------------------------------------


def lp2kd_home_status(*, user: Any, region: Region, today: date) -> dict[str, Any] | None:
    """The LP2KD due next for a regency, city or province: its year, deadline, days left
    (negative: overdue), the report's state, and the approved PDF when there is one. Last
    year's report is shown while its deadline has not passed or it is still unsent."""
    if region.level not in REPORT_LEVELS:
        return None
    reports = {r.year: r for r in Lp2kd.objects.filter(region=region, year__gte=today.year - 1)}
    year = today.year - 1
    last = reports.get(year)
    last_sent = last is not None and last.versions.filter(state=VersionState.SUBMITTED).exists()
    deadline_passed = today > report_deadline(level=region.level, year=year)
    if last_sent or (deadline_passed and last is None):
        year = today.year
    report = reports.get(year)
    approved = report_approved_version(report=report) if report else None
    submitted = report is not None and report.versions.filter(state=VersionState.SUBMITTED).exists()
    latest = report.versions.order_by("-number").first() if report else None
    return {
        "year": year,
        "region": region,
        "deadline": report_deadline(level=region.level, year=year),
        "days_left": report_days_left(level=region.level, year=year, today=today),
        "submitted": submitted,
        "report_url": reverse("reports:lp2kd-detail", args=[report.pk]) if report else "",
        "state": latest.get_state_display() if latest else "",
        "approved_pdf_url": (
            reverse("reports:version-pdf", args=[approved.pk])
            if approved is not None and approved.pdf_sha256
            else ""
        ),
        "approved_version": approved.number if approved else None,
    }


def lp2kd_job_subject(*, user: Any, job: Any) -> JobSubject | None:
    """The LP2KD version a generation job made the document of."""
    version_id = job.parameters.get("version_id")
    if not isinstance(version_id, int):
        return None
    try:
        version = version_get_for_user(user=user, version_id=version_id)
    except Http404:
        return None
    return JobSubject(
        label=f"LP2KD {version.report.year} {version.report.region.name} v{version.number}",
        url=reverse("reports:version-detail", args=[version.pk]),
    )
