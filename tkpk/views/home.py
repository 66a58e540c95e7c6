from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tkpk.access import user_assignments, user_permissions
from tkpk.roles import Permission, Role
from tkpk.selectors.jobs import job_list
from tkpk.views.decorators import AuthenticatedRequest, role_required

# What each role comes to do first: (url name, label, description, permission).
ROLE_TASKS: dict[str, list[tuple[str, Any, Any]]] = {
    Role.SECRETARIAT: [
        (
            "complaints:list",
            _("Pengaduan"),
            _("Verifikasi, teruskan ke instansi dan tutup pengaduan masyarakat."),
        ),
        ("regions:list", _("Wilayah kerja"), _("Telusuri kecamatan dan desa di wilayah Anda.")),
        ("jobs:list", _("Pekerjaan latar"), _("Pantau impor, analisis dan ekspor yang berjalan.")),
    ],
    Role.SOCIAL_OPERATOR: [
        ("complaints:list", _("Pengaduan"), _("Pengaduan yang diteruskan ke instansi Anda.")),
        ("regions:list", _("Desa dan kelurahan"), _("Kode wilayah untuk batch verifikasi.")),
        ("jobs:list", _("Pekerjaan latar"), _("Pantau validasi batch yang Anda unggah.")),
    ],
    Role.VILLAGE_OPERATOR: [
        ("regions:list", _("Desa Anda"), _("Data wilayah desa/kelurahan Anda.")),
        (
            "households:correction-list",
            _("Koreksi registri"),
            _("Koreksi yang diminta lewat pengaduan, siap diunggah sebagai batch."),
        ),
        (
            "complaints:create",
            _("Catat pengaduan"),
            _("Pengaduan warga yang datang langsung, lewat telepon atau WhatsApp."),
        ),
    ],
    Role.AGENCY_OFFICER: [
        (
            "complaints:list",
            _("Pengaduan"),
            _("Pengaduan yang diteruskan ke instansi Anda: tangani dan jawab."),
        ),
        (
            "regions:list",
            pgettext_lazy("modul", "Wilayah"),
            _("Wilayah tempat program instansi Anda berjalan."),
        ),
    ],
    Role.LEADER: [
        (
            "complaints:statistics",
            _("Statistik pengaduan"),
            _("Pengaduan menurut kategori, program, wilayah dan status."),
        ),
        (
            "regions:list",
            pgettext_lazy("modul", "Wilayah"),
            _("Gambaran wilayah yang Anda pimpin."),
        ),
    ],
    Role.AUDITOR: [
        ("audit:list", _("Log audit"), _("Siapa mengubah apa, kapan, dan dari mana.")),
        ("regions:list", pgettext_lazy("modul", "Wilayah"), _("Wilayah yang Anda awasi.")),
    ],
    Role.API_CLIENT: [
        ("api-docs", _("Dokumentasi API"), _("Skema OpenAPI dan uji coba panggilan.")),
    ],
}


@role_required()
def home(request: AuthenticatedRequest) -> HttpResponse:
    sections = [
        {
            "assignment": assignment,
            "tasks": [
                {"url": reverse(name), "label": label, "description": description}
                for name, label, description in ROLE_TASKS[assignment.role]
            ],
        }
        for assignment in user_assignments(request.user)
    ]
    return render(
        request,
        "tkpk/home.html",
        {
            "sections": sections,
            "recent_jobs": job_list(user=request.user)[:5],
            "can_check_workers": Permission.CHECK_WORKERS in user_permissions(request.user),
        },
    )
