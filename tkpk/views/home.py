from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from monitoring.realisation.selectors import realisation_overdue
from reports.lp2kd.selectors import lp2kd_home_status
from reports.selectors import region_key_figures
from tkpk.access import user_assignments, user_can_see_region, user_permissions
from tkpk.roles import Permission, Role
from tkpk.selectors.jobs import job_list
from tkpk.views.decorators import AuthenticatedRequest, role_required

DASHBOARD_TASK = (
    "monitoring:dashboard",
    _("Dasbor pimpinan"),
    _("Tren kemiskinan, desil per kecamatan, cakupan program, tindak lanjut dan tenggat LP2KD."),
)
# What each role comes to do first: (url name, label, description, permission).
ROLE_TASKS: dict[str, list[tuple[str, Any, Any]]] = {
    Role.SECRETARIAT: [
        DASHBOARD_TASK,
        (
            "complaints:list",
            _("Pengaduan"),
            _("Verifikasi, teruskan ke instansi dan tutup pengaduan masyarakat."),
        ),
        ("regions:list", _("Wilayah kerja"), _("Telusuri kecamatan dan desa di wilayah Anda.")),
        ("jobs:list", _("Pekerjaan latar"), _("Pantau impor, analisis dan ekspor yang berjalan.")),
        (
            "plans:list",
            _("RPKD dan RAT"),
            _("Rencana penanggulangan kemiskinan, lokasi prioritas dan laporan realisasi."),
        ),
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
            "realisation:list",
            _("Laporan realisasi"),
            _("Laporkan realisasi triwulanan sub kegiatan instansi Anda."),
        ),
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
        DASHBOARD_TASK,
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


# Roles whose home page opens with their region's key figures.
KEY_FIGURE_ROLES = frozenset({Role.SECRETARIAT, Role.LEADER})


def key_figure_links(user: Any, code: str, *, overview: bool = True) -> dict[str, str]:
    """Where each figure leads, only where the user may go."""

    def may(permission: str) -> bool:
        return user_can_see_region(user, code, permission=permission)

    links = {"region": reverse("regions:detail", args=[code])} if overview else {}
    if may(Permission.VIEW_REGISTRY):
        links["registry"] = reverse("households:list") + f"?wilayah={code}"
        links["batches"] = reverse("households:batch-list")
    if may(Permission.MANAGE_COMPLAINTS):
        links["complaints"] = reverse("complaints:list")
    elif may(Permission.DOWNLOAD_REPORTS):
        links["complaints"] = reverse("complaints:statistics")
    return links


@role_required()
def home(request: AuthenticatedRequest) -> HttpResponse:
    sections = []
    for assignment in user_assignments(request.user):
        section: dict[str, Any] = {
            "assignment": assignment,
            "tasks": [
                {"url": reverse(name), "label": label, "description": description}
                for name, label, description in ROLE_TASKS[assignment.role]
            ],
        }
        if assignment.role in KEY_FIGURE_ROLES:
            section["figures"] = region_key_figures(
                user=request.user, region_code=assignment.region_id
            )
            section["links"] = key_figure_links(request.user, assignment.region_id)
            section["lp2kd"] = lp2kd_home_status(
                user=request.user, region=assignment.region, today=timezone.localdate()
            )
        sections.append(section)
    perms = user_permissions(request.user)
    overdue = (
        realisation_overdue(user=request.user)
        if perms & {Permission.REPORT_REALIZATION, Permission.MANAGE_PLANS}
        else []
    )
    return render(
        request,
        "tkpk/home.html",
        {
            "sections": sections,
            "overdue_reports": overdue,
            "recent_jobs": job_list(user=request.user)[:5],
            "can_check_workers": Permission.CHECK_WORKERS in user_permissions(request.user),
        },
    )
