"""Recipient pages under /program/<code>/penerima/: list, detail with history, enrolment,
decree list upload, preview and commit, periods and quotas."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs.models import Program, Recipient, RecipientBatchRow
from programs.recipients import batches
from programs.recipients.enrolment import recipient_enrol, recipient_status_change
from programs.recipients.forms import (
    EnrolForm,
    ListUploadForm,
    PeriodForm,
    QuotaForm,
    RecipientFilterForm,
    StatusChangeForm,
)
from programs.recipients.imports import recipient_rejected_rows_csv
from programs.recipients.periods import (
    period_create,
    period_manage_allowed,
    quota_set,
    quota_use,
)
from programs.recipients.selectors import (
    NOT_IN_REGISTRY,
    period_get,
    period_list,
    quota_list_for_user,
    recipient_batch_get_for_user,
    recipient_batch_list,
    recipient_batch_rows,
    recipient_get_for_user,
    recipient_history,
    recipient_list_for_user,
)
from programs.selectors import program_get_for_user
from tkpk.access import user_can_see_region, user_permissions
from tkpk.models import Region
from tkpk.paging import id_from_text, keyset_page
from tkpk.roles import Permission
from tkpk.services.audit import request_ip
from tkpk.tabular.selectors import uploaded_batch_rows_page
from tkpk.views.decorators import AuthenticatedRequest, role_required

ROWS_PER_PAGE = 50


def _program(request: AuthenticatedRequest, code: str) -> Program:
    return program_get_for_user(user=request.user, code=code)


def _can_manage(request: AuthenticatedRequest) -> bool:
    return Permission.MANAGE_RECIPIENTS in user_permissions(request.user)


@role_required(Permission.VIEW_PROGRAMS)
def recipient_list_view(request: AuthenticatedRequest, code: str) -> HttpResponse:
    program = _program(request, code)
    params = {k: v for k, v in request.GET.items() if k != "setelah"}
    form = RecipientFilterForm(params or None, program=program)
    rows = recipient_list_for_user(user=request.user, program=program, filters=form.filters())
    after = request.GET.get("setelah", "")
    # The program is held equal: its list pages through the index on program and id.
    page = keyset_page(rows, after=id_from_text(after), ordering=("program_id", "id"))
    return render(
        request,
        "programs/recipients/list.html",
        {
            "program": program,
            "form": form,
            "page": page,
            "querystring": "&".join(f"{k}={v}" for k, v in params.items()),
            "can_manage": _can_manage(request),
        },
    )


@role_required(Permission.VIEW_PROGRAMS)
def recipient_detail_view(
    request: AuthenticatedRequest, code: str, recipient_id: int
) -> HttpResponse:
    program = _program(request, code)
    recipient = recipient_get_for_user(
        user=request.user, program=program, recipient_id=recipient_id
    )
    can_change = user_can_see_region(
        request.user, recipient.region_id, permission=Permission.MANAGE_RECIPIENTS
    )
    labels = dict(Recipient.Status.choices)
    return render(
        request,
        "programs/recipients/detail.html",
        {
            "program": program,
            "recipient": recipient,
            "history": [
                {"change": c, "before": labels.get(c.before, c.before), "after": labels[c.after]}
                for c in recipient_history(recipient=recipient)[:200]
            ],
            "listed_as": labels[Recipient.Status.ACTIVE],
            "form": StatusChangeForm(initial={"status": recipient.status}) if can_change else None,
        },
    )


@require_POST
@role_required(Permission.MANAGE_RECIPIENTS)
def recipient_status_view(
    request: AuthenticatedRequest, code: str, recipient_id: int
) -> HttpResponse:
    program = _program(request, code)
    recipient = recipient_get_for_user(
        user=request.user, program=program, recipient_id=recipient_id
    )
    if not user_can_see_region(
        request.user, recipient.region_id, permission=Permission.MANAGE_RECIPIENTS
    ):
        raise Http404
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        try:
            recipient_status_change(
                user=request.user,
                recipient=recipient,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Status penerima diubah."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Pilih status dan tuliskan alasannya."))
    return redirect("recipients:detail", code=program.code, recipient_id=recipient.pk)


@role_required(Permission.MANAGE_RECIPIENTS)
def recipient_enrol_view(request: AuthenticatedRequest, code: str) -> HttpResponse:
    program = _program(request, code)
    form = EnrolForm(request.POST or None, program=program)
    national = program.owner_region_id is None
    if request.method == "POST" and not national and form.is_valid():
        data = form.cleaned_data
        try:
            recipient = recipient_enrol(
                user=request.user,
                period=data["period"],
                nik=data["nik"],
                kk=data["kk"],
                name=data["name"],
                village_code=data["village_code"],
                amount=data["amount"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Penerima didaftarkan."))
            return redirect("recipients:detail", code=program.code, recipient_id=recipient.pk)
    return render(
        request,
        "programs/recipients/enrol.html",
        {"program": program, "form": form, "national": national},
    )


@role_required(Permission.VIEW_PROGRAMS)
def batch_list_view(request: AuthenticatedRequest, code: str) -> HttpResponse:
    program = _program(request, code)
    page = Paginator(recipient_batch_list(user=request.user, program=program), 25).get_page(
        request.GET.get("hal")
    )
    return render(
        request,
        "programs/recipients/batches/list.html",
        {"program": program, "page": page, "can_manage": _can_manage(request)},
    )


@role_required(Permission.MANAGE_RECIPIENTS)
def batch_upload_view(request: AuthenticatedRequest, code: str) -> HttpResponse:
    program = _program(request, code)
    form = ListUploadForm(request.POST or None, request.FILES or None, program=program)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = batches.recipient_batch_upload(
                user=request.user,
                period=form.cleaned_data["period"],
                upload=upload,
                filename=upload.name,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("recipients:batch-detail", code=program.code, batch_id=batch.pk)
    return render(
        request,
        "programs/recipients/batches/upload.html",
        {"program": program, "form": form, "has_periods": period_list(program=program).exists()},
    )


@role_required(Permission.MANAGE_RECIPIENTS)
def batch_rejected_view(request: AuthenticatedRequest, code: str, batch_id: int) -> HttpResponse:
    program = _program(request, code)
    batch = recipient_batch_get_for_user(user=request.user, program=program, batch_id=batch_id)
    rows = recipient_batch_rows(batch=batch, outcome=RecipientBatchRow.Outcome.REJECTED)
    response = HttpResponse(
        recipient_rejected_rows_csv(rows.iterator()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="daftar-{program.code}-{batch.pk}-ditolak.csv"'
    )
    return response


@role_required(Permission.VIEW_PROGRAMS)
def batch_detail_view(request: AuthenticatedRequest, code: str, batch_id: int) -> HttpResponse:
    program = _program(request, code)
    batch = recipient_batch_get_for_user(user=request.user, program=program, batch_id=batch_id)
    outcomes = [*RecipientBatchRow.Outcome.choices, (NOT_IN_REGISTRY, _("Tidak ada di registri"))]
    # Rejected rows first when there are any; "?hasil=" (the "all" tab) shows every row.
    default = RecipientBatchRow.Outcome.REJECTED if batch.rows_rejected else ""
    outcome = request.GET.get("hasil", default)
    if outcome and outcome not in dict(outcomes):
        outcome = default
    page = uploaded_batch_rows_page(
        rows=recipient_batch_rows(batch=batch, outcome=outcome),
        after=request.GET.get("setelah"),
        size=ROWS_PER_PAGE,
    )
    file_errors, file_warnings = batches.recipient_batch_file_messages(batch=batch)
    validated = batch.state == batch.State.VALIDATED
    return render(
        request,
        "programs/recipients/batches/detail.html",
        {
            "program": program,
            "batch": batch,
            "page": page,
            "outcome": outcome,
            "outcomes": outcomes,
            "file_errors": file_errors,
            "file_warnings": file_warnings,
            "quota_problems": (
                batches.recipient_batch_quota_problems(batch=batch) if validated else []
            ),
            "commit_failed": batch.job.error_for_user
            if validated and batch.job and batch.job.kind == "recipient_batch_commit"
            else "",
            "committing": validated
            and batch.job is not None
            and batch.job.kind == "recipient_batch_commit"
            and not batch.job.is_finished,
            "can_commit": user_can_see_region(
                request.user, batch.region_id, permission=Permission.MANAGE_RECIPIENTS
            ),
        },
    )


@require_POST
@role_required(Permission.MANAGE_RECIPIENTS)
def batch_commit_view(request: AuthenticatedRequest, code: str, batch_id: int) -> HttpResponse:
    program = _program(request, code)
    batch = recipient_batch_get_for_user(user=request.user, program=program, batch_id=batch_id)
    try:
        batches.recipient_batch_commit_request(
            batch=batch, user=request.user, ip=request_ip(request)
        )
    except (batches.RecipientBatchError, ValidationError) as exc:
        messages.error(
            request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        )
        return redirect("recipients:batch-detail", code=program.code, batch_id=batch.pk)
    except PermissionDenied:
        messages.error(request, _("Anda tidak berwenang mengesahkan daftar di wilayah ini."))
        return redirect("recipients:batch-detail", code=program.code, batch_id=batch.pk)
    # The list's own page follows the commit and, once it is done, shows the result.
    return redirect("recipients:batch-detail", code=program.code, batch_id=batch.pk)


@role_required(Permission.VIEW_PROGRAMS)
def period_list_view(request: AuthenticatedRequest, code: str) -> HttpResponse:
    program = _program(request, code)
    can_manage = period_manage_allowed(user=request.user, program=program)
    form = PeriodForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                period = period_create(user=request.user, program=program, **form.cleaned_data)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        for error in errors:
                            form.add_error(field, error)  # type: ignore[arg-type]
                else:
                    for message in exc.messages:
                        form.add_error(None, message)
            else:
                messages.success(request, _("Periode %(name)s dibuat.") % {"name": period.name})
                return redirect("recipients:periods", code=program.code)
    return render(
        request,
        "programs/recipients/periods.html",
        {
            "program": program,
            "periods": period_list(program=program),
            "form": form if can_manage else None,
        },
    )


@role_required(Permission.VIEW_PROGRAMS)
def quota_view(request: AuthenticatedRequest, code: str, period_id: int) -> HttpResponse:
    program = _program(request, code)
    period = period_get(program=program, period_id=period_id)
    form = QuotaForm(request.POST or None)
    if request.method == "POST":
        if not _can_manage(request):
            raise PermissionDenied
        if form.is_valid():
            region = Region.objects.filter(code=form.cleaned_data["region"].strip()).first()
            if region is None or not user_can_see_region(
                request.user, region.code, permission=Permission.MANAGE_RECIPIENTS
            ):
                form.add_error("region", _("Kode wilayah tidak dikenal atau di luar wilayah Anda."))
            else:
                try:
                    quota_set(
                        user=request.user,
                        period=period,
                        region=region,
                        quota=form.cleaned_data["quota"],
                    )
                except ValidationError as exc:
                    for message in exc.messages:
                        form.add_error(None, message)
                else:
                    messages.success(request, _("Kuota disimpan."))
                    return redirect("recipients:quotas", code=program.code, period_id=period.pk)
    visible = {q.region_id for q in quota_list_for_user(user=request.user, period=period)}
    uses = [u for u in quota_use(period=period) if u.region in visible]
    return render(
        request,
        "programs/recipients/quotas.html",
        {
            "program": program,
            "period": period,
            "uses": uses,
            "form": form if _can_manage(request) else None,
        },
    )
