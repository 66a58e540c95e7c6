"""Musrenbang upload pages: templates, upload, preview with per-row reasons, commit as a
job, the rejected rows as a file to fix. Thin over ``musrenbang.services.batches``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from musrenbang import selectors as sel
from musrenbang.forms import AttendanceUploadForm, ProposalUploadForm
from musrenbang.imports import attendance as attendance_sheet
from musrenbang.imports import proposals as proposal_sheet
from musrenbang.models import AttendanceBatch, ImportOutcome, ProposalBatch
from musrenbang.services import batches
from musrenbang.services.forums import forum_may_write
from musrenbang.views import musrenbang_required
from tkpk.services.audit import request_ip
from tkpk.tabular.rejected import rejected_rows_csv
from tkpk.tabular.selectors import uploaded_batch_rows_page
from tkpk.views.decorators import AuthenticatedRequest

ROWS_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@musrenbang_required
def proposal_template_view(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        return _download(proposal_sheet.proposal_template_xlsx(), XLSX, "templat-usulan.xlsx")
    if fmt == "csv":
        return _download(
            proposal_sheet.proposal_template_csv(), "text/csv; charset=utf-8", "templat-usulan.csv"
        )
    raise Http404


@musrenbang_required
def attendance_template_view(request: AuthenticatedRequest) -> HttpResponse:
    return _download(
        attendance_sheet.attendance_template_csv(),
        "text/csv; charset=utf-8",
        "templat-daftar-hadir.csv",
    )


@musrenbang_required
def proposal_batch_upload_view(request: AuthenticatedRequest, year_id: int) -> HttpResponse:
    year = sel.planning_year_get_for_user(user=request.user, planning_year_id=year_id)
    form = ProposalUploadForm(
        request.POST or None, request.FILES or None, user=request.user, planning_year=year
    )
    if request.method == "POST" and form.is_valid():
        forum = None
        if form.cleaned_data["forum"]:
            try:
                forum = sel.forum_get_for_user(
                    user=request.user, forum_id=form.cleaned_data["forum"]
                )
            except Http404:
                form.add_error("forum", _("Forum tidak ditemukan."))
        if not form.errors:
            upload = form.cleaned_data["file"]
            try:
                batch = batches.proposal_batch_upload(
                    user=request.user,
                    planning_year=year,
                    upload=upload,
                    filename=upload.name,
                    forum=forum,
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "forum" in exc.error_dict:
                    form.add_error("forum", exc.error_dict["forum"])
                else:
                    form.add_error("file", exc.messages)
            else:
                return redirect("musrenbang:proposal-batch", batch_id=batch.pk)
    return render(
        request,
        "musrenbang/proposal_upload.html",
        {
            "form": form,
            "year": year,
            "batches": sel.proposal_batch_list(user=request.user, planning_year=year)[:20],
        },
        status=400 if form.errors else 200,
    )


@musrenbang_required
def attendance_batch_upload_view(request: AuthenticatedRequest, forum_id: int) -> HttpResponse:
    forum = sel.forum_get_for_user(user=request.user, forum_id=forum_id)
    if not forum_may_write(user=request.user, forum=forum):
        raise Http404
    form = AttendanceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = batches.attendance_batch_upload(
                user=request.user, forum=forum, upload=upload, filename=upload.name
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            return redirect("musrenbang:attendance-batch", batch_id=batch.pk)
    return render(
        request,
        "musrenbang/attendance_upload.html",
        {"form": form, "forum": forum},
        status=400 if form.errors else 200,
    )


def _batch_page(
    request: AuthenticatedRequest, batch: ProposalBatch | AttendanceBatch, *, kind: str
) -> HttpResponse:
    outcomes = list(ImportOutcome.choices)
    default = ImportOutcome.REJECTED if batch.rows_rejected else ""
    outcome = request.GET.get("hasil", default)
    if outcome and outcome not in dict(outcomes):
        outcome = default
    page = uploaded_batch_rows_page(
        rows=sel.batch_rows(batch=batch, outcome=outcome),
        after=request.GET.get("setelah"),
        size=ROWS_PER_PAGE,
    )
    file_errors, file_warnings = batches.batch_file_messages(batch=batch)
    validated = batch.state == batch.State.VALIDATED
    commit_kind = f"musrenbang_{kind}_batch_commit"
    context: dict[str, Any] = {
        "batch": batch,
        "kind": kind,
        "page": page,
        "outcome": outcome,
        "outcomes": outcomes,
        "file_errors": file_errors,
        "file_warnings": file_warnings,
        "commit_failed": batch.job.error_for_user
        if validated and batch.job and batch.job.kind == commit_kind
        else "",
        "can_commit": sel.musrenbang_may_propose(request.user, batch.region_id),
    }
    return render(request, "musrenbang/batch_detail.html", context)


@musrenbang_required
def proposal_batch_view(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = sel.proposal_batch_get_for_user(user=request.user, batch_id=batch_id)
    return _batch_page(request, batch, kind="proposal")


@musrenbang_required
def attendance_batch_view(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = sel.attendance_batch_get_for_user(user=request.user, batch_id=batch_id)
    return _batch_page(request, batch, kind="attendance")


def _commit(
    request: AuthenticatedRequest, batch: ProposalBatch | AttendanceBatch, *, route: str
) -> HttpResponse:
    try:
        if isinstance(batch, ProposalBatch):
            job = batches.proposal_batch_commit_request(
                batch=batch, user=request.user, ip=request_ip(request)
            )
        else:
            job = batches.attendance_batch_commit_request(
                batch=batch, user=request.user, ip=request_ip(request)
            )
    except batches.MusrenbangBatchError as exc:
        messages.error(request, str(exc))
        return redirect(route, batch_id=batch.pk)
    return redirect("jobs:detail", job_id=job.pk)


@require_POST
@musrenbang_required
def proposal_batch_commit_view(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = sel.proposal_batch_get_for_user(user=request.user, batch_id=batch_id)
    return _commit(request, batch, route="musrenbang:proposal-batch")


@require_POST
@musrenbang_required
def attendance_batch_commit_view(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = sel.attendance_batch_get_for_user(user=request.user, batch_id=batch_id)
    return _commit(request, batch, route="musrenbang:attendance-batch")


def _rejected(
    batch: ProposalBatch | AttendanceBatch, headers: list[str], name: str
) -> HttpResponse:
    rows = sel.batch_rows(batch=batch, outcome=ImportOutcome.REJECTED)
    content = rejected_rows_csv(
        headers=headers,
        rows=(
            (
                r.row_number,
                r.raw or {},
                "; ".join(f"{e.get('column')}: {e.get('message')}" for e in r.errors),
            )
            for r in rows.iterator()
        ),
    )
    return _download(content, "text/csv; charset=utf-8", f"{name}-{batch.pk}-ditolak.csv")


@musrenbang_required
def proposal_batch_rejected_view(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = sel.proposal_batch_get_for_user(user=request.user, batch_id=batch_id)
    return _rejected(batch, proposal_sheet.COLUMNS, "usulan")


@musrenbang_required
def attendance_batch_rejected_view(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = sel.attendance_batch_get_for_user(user=request.user, batch_id=batch_id)
    return _rejected(batch, attendance_sheet.COLUMNS, "daftar-hadir")
