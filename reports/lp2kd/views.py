"""LP2KD pages: thin views over ``reports.lp2kd.services`` and ``reports.lp2kd.selectors``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports.lp2kd import selectors as sel
from reports.lp2kd import services as svc
from reports.lp2kd.deadlines import report_days_left, report_deadline
from reports.lp2kd.forms import Lp2kdCreateForm, StepForm, VersionEditForm
from reports.models import StepAction, VersionState
from tkpk.roles import Permission
from tkpk.services.audit import request_ip
from tkpk.views.decorators import AuthenticatedRequest, role_required

P = Permission


@role_required()
def lp2kd_list_view(request: AuthenticatedRequest) -> HttpResponse:
    form = Lp2kdCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        from tkpk.models import Region

        try:
            report = svc.lp2kd_create(
                user=request.user,
                region=Region.objects.get(code=form.cleaned_data["region"]),
                year=form.cleaned_data["year"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("LP2KD dibuat dengan kerangka bab bawaan."))
            return redirect("reports:lp2kd-detail", report_id=report.pk)
    today = timezone.localdate()
    reports = [
        {
            "report": r,
            "deadline": report_deadline(level=r.region.level, year=r.year),
            "days_left": report_days_left(level=r.region.level, year=r.year, today=today),
            "latest": r.versions.order_by("-number").first(),
        }
        for r in sel.lp2kd_list(user=request.user).order_by("-year", "region_id")
    ]
    return render(
        request,
        "reports/lp2kd_list.html",
        {
            "reports": reports,
            "form": form,
            "can_prepare": form.has_regions,
        },
        status=400 if request.method == "POST" else 200,
    )


@role_required()
def lp2kd_detail_view(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    report = sel.lp2kd_get_for_user(user=request.user, report_id=report_id)
    today = timezone.localdate()
    return render(
        request,
        "reports/lp2kd_detail.html",
        {
            "report": report,
            "submissions": sel.province_submissions(user=request.user, report=report, today=today),
            "rollup": sel.province_rollup(report=report, today=today),
            "versions": sel.report_versions(report=report),
            "deadline": report_deadline(level=report.region.level, year=report.year),
            "days_left": report_days_left(level=report.region.level, year=report.year, today=today),
        },
    )


@role_required()
def version_detail_view(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    version = sel.version_get_for_user(user=request.user, version_id=version_id)
    return _version_page(request, version, form=None)


def _version_page(
    request: AuthenticatedRequest,
    version: object,
    *,
    form: VersionEditForm | None,
    status: int = 200,
) -> HttpResponse:
    from reports.models import Lp2kdVersion

    assert isinstance(version, Lp2kdVersion)
    report = version.report
    may = {
        "prepare": sel.lp2kd_may(request.user, report, P.PREPARE_REPORT),
        "approve": sel.lp2kd_may(request.user, report, P.APPROVE_REPORT),
        "sign": sel.lp2kd_may(request.user, report, P.SIGN_REPORT),
    }
    editable = may["prepare"] and version.state == VersionState.DRAFT
    if form is None and editable:
        form = VersionEditForm(user=request.user, version=version)
    others = (
        report.versions.exclude(pk=version.pk).exclude(snapshot__isnull=True).order_by("-number")
    )
    return render(
        request,
        "reports/version_detail.html",
        {
            "version": version,
            "report": report,
            "form": form,
            "editable": editable,
            "may": may,
            "steps": sel.version_steps(version=version),
            "others": others,
            "actions": _actions(version.state, may),
        },
        status=status,
    )


def _actions(state: str, may: dict[str, bool]) -> list[tuple[str, str]]:
    """The steps the page offers: the chain's next one, and sending back."""
    S = VersionState
    offered: list[tuple[str, str]] = []
    if state == S.DRAFT and may["prepare"]:
        offered.append((StepAction.REVIEW, _("Tandai sudah ditelaah")))
    if state == S.REVIEWED and may["approve"]:
        offered.append((StepAction.APPROVE, _("Setujui atas nama Ketua TKPK")))
    if state == S.APPROVED and may["sign"]:
        offered.append((StepAction.SIGN, _("Tanda tangani")))
    if state == S.SIGNED and (may["sign"] or may["prepare"]):
        offered.append((StepAction.SUBMIT, _("Kirim ke provinsi")))
    if (state == S.REVIEWED and (may["approve"] or may["prepare"])) or (
        state == S.APPROVED and may["sign"]
    ):
        offered.append((StepAction.RETURN, _("Kembalikan ke draf")))
    return offered


@require_POST
@role_required()
def version_edit_view(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    version = sel.version_get_for_user(user=request.user, version_id=version_id)
    form = VersionEditForm(request.POST, user=request.user, version=version)
    if form.is_valid():
        try:
            svc.lp2kd_version_update(
                user=request.user,
                version=version,
                narratives=form.narratives(),
                run_id=form.cleaned_data["run"],
                ip=request_ip(request),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("reports:version-detail", version_id=version.pk)
        messages.success(
            request, _("Narasi disimpan. Buat dokumen ulang agar PDF memuat perubahan ini.")
        )
        return redirect("reports:version-detail", version_id=version.pk)
    return _version_page(request, version, form=form, status=400)


@require_POST
@role_required()
def version_generate_view(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    version = sel.version_get_for_user(user=request.user, version_id=version_id)
    try:
        job = svc.lp2kd_generate(user=request.user, version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:version-detail", version_id=version.pk)
    return redirect("jobs:detail", job_id=job.pk)


@require_POST
@role_required()
def version_step_view(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    version = sel.version_get_for_user(user=request.user, version_id=version_id)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Langkah yang diminta tidak dikenal."))
        return redirect("reports:version-detail", version_id=version.pk)
    try:
        svc.lp2kd_step(
            user=request.user,
            version=version,
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
            ip=request_ip(request),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Langkah dicatat."))
    return redirect("reports:version-detail", version_id=version.pk)


@require_POST
@role_required()
def version_new_view(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    version = sel.version_get_for_user(user=request.user, version_id=version_id)
    try:
        new = svc.lp2kd_version_new(user=request.user, version=version, ip=request_ip(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:version-detail", version_id=version.pk)
    messages.success(request, _("Versi baru dibuat sebagai draf."))
    return redirect("reports:version-detail", version_id=new.pk)


def _download(request: AuthenticatedRequest, version_id: int, kind: str) -> HttpResponseBase:
    version = sel.version_get_for_user(user=request.user, version_id=version_id)
    if not sel.lp2kd_may(request.user, version.report, P.DOWNLOAD_REPORTS) and not sel.lp2kd_may(
        request.user, version.report, P.PREPARE_REPORT
    ):
        raise Http404
    try:
        path = svc.lp2kd_file_open(
            user=request.user, version=version, kind=kind, ip=request_ip(request)
        )
    except FileNotFoundError:
        messages.error(request, _("Dokumen versi ini belum dibuat."))
        return redirect("reports:version-detail", version_id=version.pk)
    except svc.FileAltered:
        messages.error(
            request,
            _(
                "Berkas yang tersimpan tidak cocok dengan sidik (hash) yang tercatat saat "
                "persetujuan, sehingga tidak diserahkan. Hubungi tim teknis."
            ),
        )
        return redirect("reports:version-detail", version_id=version.pk)
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@role_required()
def version_pdf_view(request: AuthenticatedRequest, version_id: int) -> HttpResponseBase:
    return _download(request, version_id, "pdf")


@role_required()
def version_xlsx_view(request: AuthenticatedRequest, version_id: int) -> HttpResponseBase:
    return _download(request, version_id, "xlsx")


@role_required()
def version_compare_view(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    version = sel.version_get_for_user(user=request.user, version_id=version_id)
    other_id = request.GET.get("dengan", "")
    other = None
    if other_id.isdigit():
        other = version.report.versions.filter(pk=int(other_id)).first()
    if other is None or not other.snapshot or not version.snapshot:
        messages.error(request, _("Pilih versi lain yang dokumennya sudah dibuat."))
        return redirect("reports:version-detail", version_id=version.pk)
    differences = sel.versions_compare(a=other, b=version)
    return render(
        request,
        "reports/version_compare.html",
        {
            "version": version,
            "other": other,
            "differences": differences[: sel.DIFFERENCES_SHOWN],
            "count": len(differences),
        },
    )
