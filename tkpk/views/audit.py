from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from tkpk.models import AuditAction
from tkpk.roles import Permission
from tkpk.selectors.audit import AuditFilters, audit_entry_list
from tkpk.services.audit import request_ip
from tkpk.services.jobs import job_create_for_user
from tkpk.views.decorators import AuthenticatedRequest, role_required

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Pengguna"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Tindakan"), required=False, choices=[("", _("Semua")), *AuditAction.choices]
    )
    object_type = forms.CharField(label=_("Jenis objek"), required=False, max_length=60)
    object_id = forms.CharField(label=_("ID objek"), required=False, max_length=64)
    region = forms.CharField(label=_("Kode wilayah"), required=False, max_length=13)
    date_from = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(
                _("Tanggal awal harus sebelum atau sama dengan tanggal akhir.")
            )
        return data

    def filters(self) -> AuditFilters:
        if not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(
            actor=data["actor"],
            action=data["action"],
            object_type=data["object_type"],
            object_id=data["object_id"],
            region=data["region"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )


@role_required(Permission.VIEW_AUDIT)
def audit_list_view(request: AuthenticatedRequest) -> HttpResponse:
    filtering = {k: v for k, v in request.GET.items() if k != "hal"}
    form = AuditFilterForm(filtering or None)
    if filtering and not form.is_valid():
        return render(request, "tkpk/audit/list.html", {"form": form, "page": None})
    filters = form.filters() if filtering else AuditFilters()
    entries = audit_entry_list(user=request.user, filters=filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("hal"))
    context = {"form": form, "page": page, "export_fields": filters.as_parameters()}
    return render(request, "tkpk/audit/list.html", context)


@require_POST
@role_required(Permission.EXPORT_AUDIT)
def audit_export_view(request: AuthenticatedRequest) -> HttpResponse:
    form = AuditFilterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Saringan tidak valid; periksa tanggal dan kode wilayah."))
        return redirect("audit:list")
    job = job_create_for_user(
        kind="audit_export",
        user=request.user,
        permission=Permission.EXPORT_AUDIT,
        parameters={"filters": form.filters().as_parameters(), "ip": request_ip(request)},
    )
    return redirect("jobs:detail", job_id=job.pk)
