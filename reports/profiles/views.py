"""Village profile pages: one village's PDF, or a district's or regency's as a ZIP job."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from reports.profiles import selectors as sel
from reports.profiles.services import profile_village_download
from tkpk.services.audit import request_ip
from tkpk.services.jobs import job_create
from tkpk.views.decorators import AuthenticatedRequest, role_required


class AreaForm(forms.Form):
    area = forms.CharField(label=_("Kecamatan atau kabupaten/kota"), max_length=13)


@role_required()
def profiles_view(request: AuthenticatedRequest) -> HttpResponse:
    areas = sel.profile_areas(user=request.user)
    form = AreaForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            area = areas.filter(code=form.cleaned_data["area"]).first()
            if area is not None:
                job = job_create(
                    kind="village_profiles_zip",
                    user=request.user,
                    region=area,
                    parameters={"area": area.code, "ip": request_ip(request)},
                )
                return redirect("jobs:detail", job_id=job.pk)
            form.add_error("area", _("Wilayah itu tidak ditemukan di wilayah kerja Anda."))
        status = 400
    return render(
        request,
        "reports/profiles.html",
        {"areas": areas[:500], "form": form},
        status=status,
    )


@role_required()
def profile_village_view(request: AuthenticatedRequest, code: str) -> HttpResponse:
    village = sel.profile_village_get_for_user(user=request.user, code=code)
    pdf = profile_village_download(user=request.user, village=village, ip=request_ip(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="profil-desa-{village.code}.pdf"'
    return response
