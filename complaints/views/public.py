"""The public side: the complaint form at the address printed on posters at the village
office, its village picker, and tracking a complaint by its code. No login."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from complaints import services
from complaints.codes import code_normalise
from complaints.forms import ComplaintForm
from complaints.ratelimit import rate_limit_exceeded
from complaints.selectors import (
    chain_selected,
    complaint_get_public,
    complaint_program_choices,
    complaint_public_timeline,
    public_root_code,
    region_chain,
)
from complaints.views.common import apply_errors, uploaded_files
from tkpk.services.audit import request_ip


def complaint_public_form_view(request: HttpRequest) -> HttpResponse:
    root = public_root_code()
    data = request.POST if request.method == "POST" else None
    form = ComplaintForm(data, programs=complaint_program_choices(region=root))
    form.attachment_errors = form.village_errors = []  # type: ignore[attr-defined]
    status = 200
    if request.method == "POST":
        selected = chain_selected(
            [*request.POST.getlist("wilayah"), request.POST.get("village", "")]
        )
    else:
        selected = request.GET.get("desa", "").strip()
    if request.method == "POST" and "_wilayah" not in request.POST:
        if rate_limit_exceeded(
            scope="complaint-form",
            ident=request_ip(request) or "-",
            rate=settings.COMPLAINTS_SUBMIT_RATE,
        ):
            form.add_error(
                None,
                _(
                    "Terlalu banyak pengaduan dari alamat jaringan ini. Coba lagi nanti, atau "
                    "sampaikan pengaduan langsung ke kantor desa/kelurahan."
                ),
            )
            status = 429
        elif form.is_valid():
            if form.cleaned_data["website"]:
                form.add_error(
                    None, _("Pengaduan tidak dapat diterima. Muat ulang halaman lalu coba lagi.")
                )
                status = 400
            else:
                try:
                    complaint = services.complaint_file(
                        data=form.to_input(village=request.POST.get("village", "")),
                        files=uploaded_files(request),
                        ip=request_ip(request),
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                    status = 400
                else:
                    messages.success(
                        request,
                        _("Pengaduan Anda diterima. Simpan kode pelacakan %(code)s.")
                        % {"code": complaint.code},
                    )
                    return redirect("complaints:status", code=complaint.code)
        else:
            status = 400
    return render(
        request,
        "complaints/public/form.html",
        {
            "form": form,
            "chain": region_chain(root=root, selected=selected),
            "chain_root": root,
        },
        status=status,
    )


def region_chain_view(request: HttpRequest) -> HttpResponse:
    """The village picker's selects, refilled when a level changes (public region data)."""
    root = request.GET.get("akar", "").strip()
    if root and not _is_region_code(root):
        raise Http404
    public = public_root_code()
    if public and not (root == public or root.startswith(public + ".")):
        root = public
    selected = chain_selected([*request.GET.getlist("wilayah"), request.GET.get("village", "")])
    return render(
        request,
        "complaints/_region_chain.html",
        {"chain": region_chain(root=root, selected=selected), "chain_root": root},
    )


def _is_region_code(code: str) -> bool:
    return all(part.isdigit() for part in code.split(".")) and len(code) <= 13


def complaint_track_view(request: HttpRequest) -> HttpResponse:
    code = code_normalise(request.GET.get("kode", ""))
    if not code:
        return redirect(reverse("complaints:form") + "#lacak")
    return redirect("complaints:status", code=code)


def complaint_status_view(request: HttpRequest, code: str) -> HttpResponse:
    if rate_limit_exceeded(
        scope="complaint-lookup",
        ident=request_ip(request) or "-",
        rate=settings.COMPLAINTS_LOOKUP_RATE,
    ):
        return render(request, "complaints/public/too_many.html", status=429)
    normalised = code_normalise(code)
    try:
        complaint = complaint_get_public(code=normalised)
    except Http404:
        return render(
            request, "complaints/public/unknown_code.html", {"code": normalised}, status=404
        )
    return render(
        request,
        "complaints/public/status.html",
        {"complaint": complaint, "steps": complaint_public_timeline(complaint=complaint)},
    )
