from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from households import exports, services
from households.columns import BY_HEADER
from households.corrections import (
    correction_close,
    correction_csv,
    correction_get_for_user,
    correction_list,
)
from households.forms import BatchUploadForm, HouseholdFilterForm, MinutesForm
from households.models import BatchRow, CorrectionDraft
from households.selectors import (
    batch_get_for_user,
    batch_list,
    batch_row_registry_values,
    batch_rows,
    household_get_for_user,
    household_history,
    household_list_count_cap,
    household_list_ordering,
    household_list_rows,
    household_members,
    household_nik_revealable,
    person_find_by_nik,
    person_get_for_user,
)
from programs.selectors import household_programs
from tkpk.access import user_can_see_region, user_permissions
from tkpk.paging import id_from_text, keyset_page
from tkpk.roles import Permission
from tkpk.services.audit import request_ip
from tkpk.services.jobs import job_create_for_user
from tkpk.tabular.problems import file_problem_texts
from tkpk.tabular.reasons import problem_text
from tkpk.tabular.selectors import uploaded_batch_rows_page
from tkpk.views.decorators import AuthenticatedRequest, role_required

ROWS_PER_PAGE = 50


@role_required(Permission.VIEW_REGISTRY)
def household_list_view(request: AuthenticatedRequest) -> HttpResponse:
    params = {k: v for k, v in request.GET.items() if k != "setelah"}
    form = HouseholdFilterForm(params or None)
    filters = form.filters()
    households = household_list_rows(user=request.user, filters=filters)
    after = request.GET.get("setelah", "")
    page = keyset_page(
        households,
        after=id_from_text(after),
        count_cap=household_list_count_cap(filters),
        ordering=household_list_ordering(user=request.user, filters=filters),
    )
    query = filters.query.strip()
    if query.isdigit() and len(query) == 16:
        found = person_find_by_nik(user=request.user, nik=query)
        services.nik_lookup_record(
            user=request.user,
            nik=query,
            ip=request_ip(request),
            found=found if found and page.items else None,
        )
    return render(
        request,
        "households/list.html",
        {
            "form": form,
            "page": page,
            "querystring": request.GET.urlencode(),
            "export_fields": params,
        },
    )


@require_POST
@role_required(Permission.VIEW_REGISTRY)
def household_export_view(request: AuthenticatedRequest) -> HttpResponse:
    fmt = "csv" if request.POST.get("format") == "csv" else "xlsx"
    filters = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "format")}
    form = HouseholdFilterForm(filters or None)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("Saringan tidak valid; periksa isian pencarian."))
        return redirect("households:list")
    job = job_create_for_user(
        kind="registry_export",
        user=request.user,
        permission=Permission.VIEW_REGISTRY,
        parameters={"filters": filters, "format": fmt, "ip": request_ip(request)},
    )
    return redirect("jobs:detail", job_id=job.pk)


@role_required(Permission.VIEW_REGISTRY)
def household_detail_view(request: AuthenticatedRequest, household_id: int) -> HttpResponse:
    household = household_get_for_user(user=request.user, household_id=household_id)
    return render(
        request,
        "households/detail.html",
        {
            "household": household,
            "members": household_members(household=household),
            "history": household_history(household=household)[:200],
            "programs": household_programs(household=household, day=date.today()),
            "can_reveal": household_nik_revealable(user=request.user, household=household),
        },
    )


@require_POST
@role_required(Permission.VIEW_FULL_NIK)
def person_nik_view(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = person_get_for_user(user=request.user, person_id=person_id)
    try:
        nik = services.person_nik_reveal(person=person, user=request.user, ip=request_ip(request))
    except PermissionDenied as exc:
        raise Http404 from exc
    return HttpResponse(f'<span class="nik">{nik}</span>')


@role_required(Permission.VIEW_REGISTRY)
def batch_list_view(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(batch_list(user=request.user), 25).get_page(request.GET.get("hal"))
    can_upload = Permission.UPLOAD_BATCH in user_permissions(request.user)
    return render(request, "households/batches/list.html", {"page": page, "can_upload": can_upload})


@role_required(Permission.UPLOAD_BATCH)
def batch_upload_view(request: AuthenticatedRequest) -> HttpResponse:
    form = BatchUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.batch_upload(user=request.user, upload=upload, filename=upload.name)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("households:batch-detail", batch_id=batch.pk)
    return render(request, "households/batches/upload.html", {"form": form})


@role_required(Permission.UPLOAD_BATCH)
def batch_template_view(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        content = exports.batch_template_xlsx()
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content, mime = exports.batch_template_csv(), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="templat-batch-verivali.{fmt}"'
    return response


@role_required(Permission.VIEW_REGISTRY)
def batch_detail_view(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = batch_get_for_user(user=request.user, batch_id=batch_id)
    outcome = request.GET.get("hasil", "")
    if outcome not in BatchRow.Outcome.values:
        outcome = BatchRow.Outcome.REJECTED if batch.rows_rejected else ""
    page = uploaded_batch_rows_page(
        rows=batch_rows(batch=batch, outcome=outcome),
        after=request.GET.get("setelah"),
        size=ROWS_PER_PAGE,
    )
    rows = page.items
    registry = batch_row_registry_values(rows)
    commit_job = batch.job if batch.job and batch.job.kind == "batch_commit" else None
    return render(
        request,
        "households/batches/detail.html",
        {
            "batch": batch,
            "page": page,
            "rows": [_preview_row(r, registry) for r in rows],
            "outcome": outcome,
            "outcomes": BatchRow.Outcome.choices,
            "committing": commit_job is not None
            and not commit_job.is_finished
            and batch.state == batch.State.VALIDATED,
            "commit_failed": commit_job is not None
            and commit_job.state == commit_job.State.FAILED
            and batch.state == batch.State.VALIDATED,
            "file_errors": file_problem_texts(batch.file_errors),
            "file_warnings": file_problem_texts(batch.file_warnings),
            "minutes_form": MinutesForm(),
            "can_approve": user_can_see_region(
                request.user, batch.region_id, permission=Permission.APPROVE_BATCH
            ),
            # A preview is a list: NIKs stay masked (the uploader holds the file; a full
            # NIK is shown, and audited, only on the household page).
            "reveal": False,
        },
    )


@require_POST
@role_required(Permission.UPLOAD_BATCH)
def batch_minutes_view(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = batch_get_for_user(user=request.user, batch_id=batch_id)
    form = MinutesForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["minutes"]
        try:
            services.batch_minutes_attach(
                batch=batch, user=request.user, upload=upload, filename=upload.name
            )
            messages.success(request, _("Berita acara terlampir."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Pilih berkas berita acara."))
    return redirect("households:batch-detail", batch_id=batch.pk)


@require_POST
@role_required(Permission.APPROVE_BATCH)
def batch_commit_view(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = batch_get_for_user(user=request.user, batch_id=batch_id)
    try:
        services.batch_commit_request(batch=batch, user=request.user, ip=request_ip(request))
    except services.BatchCommitError as exc:
        messages.error(request, str(exc))
        return redirect("households:batch-detail", batch_id=batch.pk)
    except PermissionDenied:
        messages.error(request, _("Anda tidak berwenang mengesahkan batch di wilayah ini."))
        return redirect("households:batch-detail", batch_id=batch.pk)
    # The batch's own page follows the commit and, once it is done, says what changed.
    return redirect("households:batch-detail", batch_id=batch.pk)


@role_required(Permission.VIEW_REGISTRY)
def batch_rejected_view(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = batch_get_for_user(user=request.user, batch_id=batch_id)
    content = exports.rejected_rows_csv(
        batch_rows(batch=batch, outcome=BatchRow.Outcome.REJECTED).iterator()
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="batch-{batch.pk}-ditolak.csv"'
    return response


def _preview_row(row: BatchRow, registry: dict[str, Any]) -> dict[str, Any]:
    person = registry["persons"].get(row.person_id)
    household = registry["households"].get(row.household_id)
    raw = row.raw or {}
    changes = []
    if row.outcome in ("changed", "unchanged") and row.changed_fields:
        for header in filter(None, row.changed_fields.split(",")):
            column = BY_HEADER.get(header)
            field = column.field if column else header
            source = household if column and column.household else person
            before = getattr(source, "village_id" if field == "village_code" else field, "")
            if field == "no_kk" and person is not None:
                before = person.household.kk
            after = getattr(row, field, "") if column else ""
            changes.append({"column": header, "before": before, "after": after})
    problems = [
        {
            "column": p["column"],
            "value": raw.get(p["column"], _value_of(row, p["column"])),
            "message": problem_text(p),
        }
        for p in [*row.errors, *row.conflicts]
    ]
    warnings = [{"column": w.get("column", ""), "message": problem_text(w)} for w in row.warnings]
    return {"row": row, "changes": changes, "problems": problems, "warnings": warnings}


def _value_of(row: BatchRow, header: str) -> Any:
    column = BY_HEADER.get(header)
    return getattr(row, column.field, "") if column else ""


@role_required(Permission.UPLOAD_BATCH)
def correction_list_view(request: AuthenticatedRequest) -> HttpResponse:
    state = request.GET.get("status", CorrectionDraft.State.OPEN)
    if state not in CorrectionDraft.State.values:
        state = ""
    page = Paginator(correction_list(user=request.user, state=state), 25).get_page(
        request.GET.get("hal")
    )
    return render(
        request,
        "households/corrections/list.html",
        {"page": page, "state": state, "states": CorrectionDraft.State.choices},
    )


@role_required(Permission.UPLOAD_BATCH)
def correction_csv_view(request: AuthenticatedRequest, draft_id: int) -> HttpResponse:
    draft = correction_get_for_user(user=request.user, draft_id=draft_id)
    content = correction_csv(draft=draft, user=request.user, ip=request_ip(request))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="koreksi-{draft.pk}.csv"'
    return response


@require_POST
@role_required(Permission.UPLOAD_BATCH)
def correction_close_view(request: AuthenticatedRequest, draft_id: int) -> HttpResponse:
    draft = correction_get_for_user(user=request.user, draft_id=draft_id)
    state = request.POST.get("status", "")
    if state not in (CorrectionDraft.State.DONE, CorrectionDraft.State.DISMISSED):
        messages.error(request, _("Pilih: sudah diunggah atau tidak ditindaklanjuti."))
    else:
        correction_close(draft=draft, user=request.user, state=state)
        messages.success(
            request, _("Draf koreksi ditandai: %s.") % CorrectionDraft.State(state).label
        )
    return redirect("households:correction-list")
