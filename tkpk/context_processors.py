"""Navigation by module: only the modules the user's roles open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tkpk.access import user_assignments, user_permissions
from tkpk.roles import Permission

# (url name, label, permission needed or None for any role)
MODULES: list[tuple[str, Any, str | None]] = [
    ("home", _("Beranda"), None),
    ("regions:list", pgettext_lazy("modul", "Wilayah"), Permission.VIEW_REGION),
    ("households:list", _("Registri"), Permission.VIEW_REGISTRY),
    ("households:batch-list", _("Batch verifikasi"), Permission.VIEW_REGISTRY),
    ("programs:list", _("Program"), Permission.VIEW_PROGRAMS),
    ("programs:run-list", _("Penargetan"), Permission.VIEW_TARGETING),
    ("groups:list", _("Kelompok usaha"), Permission.VIEW_PROGRAMS),
    ("disbursements:list", _("Penyaluran"), Permission.VIEW_PROGRAMS),
    ("jobs:list", _("Pekerjaan latar"), None),
    ("audit:list", _("Log audit"), Permission.VIEW_AUDIT),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_modules": [], "user_roles": []}
    assignments = user_assignments(user)
    if not assignments:
        return {"nav_modules": [], "user_roles": []}
    granted = user_permissions(user)
    path = request.path
    modules = [
        {"url": reverse(name), "label": label}
        for name, label, permission in MODULES
        if permission is None or permission in granted
    ]
    # The most specific module whose address starts the current path is the active one.
    matching = [m for m in modules if m["url"] != "/" and path.startswith(m["url"])]
    active = max(matching, key=lambda m: len(m["url"]))["url"] if matching else path
    for module in modules:
        module["active"] = module["url"] == active
    return {"nav_modules": modules, "user_roles": assignments}
