"""Navigation by module: only the modules the user's roles open.

The module bar holds a few top-level entries; related pages share one entry whose menu
opens below it (a ``<details>``, so it works without JavaScript). At 1366x768 the bar has
1,068 px. Flat, the thirteen pages took about 1,400 px (DejaVu Sans, Debian's default sans).
Grouped, a user holding every role at once needs about 600 px in Indonesian or English, and
about 950 px with the modules still to come (Musrenbang, Pemantauan, Laporan) added as one
menu each: add a module as one top-level ``Entry`` or ``Group``, not as more siblings.
Background jobs are the user's own: they live in the user menu and on the home page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tkpk.access import user_assignments, user_permissions
from tkpk.roles import Permission

COMPLAINT_OFFICE = frozenset(
    {Permission.MANAGE_COMPLAINTS, Permission.HANDLE_COMPLAINTS, Permission.SUBMIT_COMPLAINTS}
)
# Reading the figures: the secretariat and whoever downloads the LP2KD reports.
COMPLAINT_FIGURES = frozenset({Permission.MANAGE_COMPLAINTS, Permission.DOWNLOAD_REPORTS})

MUSRENBANG = frozenset({Permission.MANAGE_MUSRENBANG, Permission.PROPOSE_MUSRENBANG})
MONITORING = frozenset({Permission.VIEW_MONITORING, Permission.MANAGE_MONITORING})
REPORTS = frozenset(
    {
        Permission.DOWNLOAD_REPORTS,
        Permission.PREPARE_REPORT,
        Permission.APPROVE_REPORT,
        Permission.SIGN_REPORT,
    }
)

Needed = str | frozenset[str] | None  # a permission, a set of which any one will do, or None


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: Any
    permission: Needed


@dataclass(frozen=True)
class Group:
    """One top-level entry with a menu. When only one of its pages is open to the user, the
    bar shows that page as a plain link; ``first_only`` shows just the first open one (the
    complaints list links to its statistics itself)."""

    label: Any
    entries: tuple[Entry, ...]
    first_only: bool = False


MODULES: list[Entry | Group] = [
    Entry("home", _("Beranda"), None),
    Entry("regions:list", pgettext_lazy("modul", "Wilayah"), Permission.VIEW_REGION),
    Group(
        _("Registri"),
        (
            Entry("households:list", _("Rumah tangga"), Permission.VIEW_REGISTRY),
            Entry("households:batch-list", _("Batch verifikasi"), Permission.VIEW_REGISTRY),
            Entry("households:correction-list", _("Koreksi registri"), Permission.UPLOAD_BATCH),
        ),
    ),
    Group(
        pgettext_lazy("modul", "Program"),
        (
            Entry("programs:list", _("Katalog program"), Permission.VIEW_PROGRAMS),
            Entry("programs:run-list", _("Penargetan"), Permission.VIEW_TARGETING),
            Entry("groups:list", _("Kelompok usaha"), Permission.VIEW_PROGRAMS),
            Entry("disbursements:list", _("Penyaluran"), Permission.VIEW_PROGRAMS),
        ),
    ),
    Group(
        _("Pengaduan"),
        (
            Entry("complaints:list", _("Pengaduan"), COMPLAINT_OFFICE),
            Entry("complaints:statistics", _("Statistik pengaduan"), COMPLAINT_FIGURES),
        ),
        first_only=True,
    ),
    Group(
        _("Musrenbang"),
        (
            Entry("musrenbang:year-list", _("Tahun perencanaan"), MUSRENBANG),
            Entry("musrenbang:proposal-list", _("Usulan"), MUSRENBANG),
            # The agency's review of the proposals routed to it (REPORT_REALIZATION stands
            # in for a review permission of its own).
            Entry("musrenbang:agency-list", _("Telaah usulan OPD"), Permission.REPORT_REALIZATION),
        ),
    ),
    Group(
        _("Pemantauan"),
        (
            Entry("monitoring:dashboard", _("Dasbor pimpinan"), MONITORING),
            Entry("monitoring:decree-list", _("Susunan TKPK"), MONITORING),
            Entry("monitoring:meeting-list", _("Rapat koordinasi"), MONITORING),
            Entry("monitoring:indicator-list", _("Indikator kemiskinan"), MONITORING),
            Entry("plans:list", _("RPKD dan RAT"), Permission.VIEW_PROGRAMS),
            Entry("realisation:list", _("Laporan realisasi"), Permission.VIEW_PROGRAMS),
            Entry("evaluation:targets", _("Evaluasi"), Permission.VIEW_PROGRAMS),
            Entry("evaluation:funding", _("Sumber dana"), Permission.VIEW_PROGRAMS),
            Entry("visits:list", _("Kunjungan lapangan"), Permission.VIEW_PROGRAMS),
        ),
    ),
    Group(
        _("Laporan"),
        (
            Entry("reports:lp2kd-list", _("LP2KD"), REPORTS),
            Entry("reports:profiles", _("Profil kemiskinan desa"), Permission.PREPARE_REPORT),
        ),
    ),
    Entry("audit:list", _("Log audit"), Permission.VIEW_AUDIT),
]


def _allowed(needed: Needed, granted: set[str]) -> bool:
    if needed is None:
        return True
    return bool(needed & granted) if isinstance(needed, frozenset) else needed in granted


def _link(entry: Entry) -> dict[str, Any]:
    return {"url": reverse(entry.url_name), "label": entry.label, "active": False}


def nav_modules(*, permissions: set[str], path: str) -> list[dict[str, Any]]:
    """The bar's entries for these permissions: ``{"url", "label", "active"}`` for a link,
    ``{"label", "menu", "active"}`` for a menu; the page at ``path`` is marked active."""
    modules: list[dict[str, Any]] = []
    for module in MODULES:
        if isinstance(module, Entry):
            if _allowed(module.permission, permissions):
                modules.append(_link(module))
            continue
        links = [_link(e) for e in module.entries if _allowed(e.permission, permissions)]
        if module.first_only:
            links = links[:1]
        if len(links) == 1:
            modules.append(links[0])
        elif links:
            modules.append({"label": module.label, "menu": links, "active": False})
    leaves = [leaf for m in modules for leaf in m.get("menu", [m])]
    # The most specific page whose address starts the current path is the active one.
    matching = [leaf for leaf in leaves if leaf["url"] != "/" and path.startswith(leaf["url"])]
    active = max(matching, key=lambda leaf: len(leaf["url"]))["url"] if matching else path
    for entry in modules:
        for leaf in entry.get("menu", [entry]):
            leaf["active"] = leaf["url"] == active
            entry["active"] = entry["active"] or leaf["active"]
    return modules


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_modules": [], "user_roles": []}
    assignments = user_assignments(user)
    if not assignments:
        return {"nav_modules": [], "user_roles": []}
    return {
        "nav_modules": nav_modules(permissions=user_permissions(user), path=request.path),
        "user_roles": assignments,
    }
