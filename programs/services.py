"""Writes to the program catalogue: program details and eligibility criteria."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.criteria import CriterionSet, criteria_validate
from programs.models import BenefitComponent, Program
from tkpk.access import user_can_see_region, user_permissions
from tkpk.models import AuditAction, Region, User
from tkpk.roles import Permission
from tkpk.services.audit import audit_record

EDITABLE_FIELDS = [
    "name",
    "description",
    "cluster",
    "strategy",
    "level",
    "funding_source",
    "donor",
    "implementing_agency",
    "agency",
    "target_unit",
    "benefit_amount",
    "benefit_unit",
    "benefit_frequency",
    "max_components",
    "max_components_per_person",
    "national_relation",
    "national_program",
    "active_from",
    "active_until",
]


def program_can_manage(*, user: User, program: Program) -> bool:
    """National programs are shared defaults any secretariat may adjust; a regional program
    belongs to its region's secretariat."""
    if program.owner_region_id is None:
        return Permission.MANAGE_PROGRAMS in user_permissions(user)
    return user_can_see_region(user, program.owner_region_id, permission=Permission.MANAGE_PROGRAMS)


def program_details_check(values: dict[str, Any]) -> list[str]:
    """Rules across fields that a single form field cannot see."""
    problems = []
    if values.get("funding_source") == Program.Funding.NON_GOVERNMENT and not values.get("donor"):
        problems.append(_("Dana non-pemerintah: sebutkan pemberi dananya (CSR, zakat, donor…)."))
    if bool(values.get("national_relation")) != bool(values.get("national_program")):
        problems.append(
            _(
                "Program daerah yang memperluas, melengkapi atau menambah program nasional harus "
                "menyebut program nasional itu, dan sebaliknya."
            )
        )
    until, since = values.get("active_until"), values.get("active_from")
    if until and since and until < since:
        problems.append(_("Tanggal akhir berlaku lebih awal dari tanggal mulai."))
    return problems


def program_create(
    *, user: User, code: str, owner_region: Region, values: dict[str, Any]
) -> Program:
    """A regional program, owned by a region where the user manages programs."""
    if not user_can_see_region(user, owner_region.code, permission=Permission.MANAGE_PROGRAMS):
        raise ValidationError(_("Anda tidak berwenang menambah program di wilayah ini."))
    code = code.strip().upper()
    problems = program_details_check(values)
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9-]{1,19}", code):
        problems.append(_("Kode program: 2–20 huruf besar, angka atau tanda hubung."))
    elif Program.objects.filter(code=code).exists():
        problems.append(_("Kode program %(code)s sudah dipakai.") % {"code": code})
    if problems:
        raise ValidationError(problems)
    fields = {name: values[name] for name in EDITABLE_FIELDS if name in values}
    with transaction.atomic():
        program = Program.objects.create(code=code, owner_region=owner_region, **fields)
        audit_record(
            actor=user,
            action=AuditAction.PROGRAM_CHANGED,
            target=program,
            region_code=owner_region.code,
            detail={"created": {k: str(v) for k, v in fields.items()}},
        )
    return program


def program_update(*, user: User, program: Program, values: dict[str, Any]) -> Program:
    if not program_can_manage(user=user, program=program):
        raise ValidationError(_("Anda tidak berwenang mengubah program ini."))
    problems = program_details_check(values)
    if problems:
        raise ValidationError(problems)
    changed = {}
    for name in EDITABLE_FIELDS:
        if name in values and getattr(program, name) != values[name]:
            changed[name] = [str(getattr(program, name)), str(values[name])]
            setattr(program, name, values[name])
    if not changed:
        return program
    with transaction.atomic():
        program.save()
        audit_record(
            actor=user,
            action=AuditAction.PROGRAM_CHANGED,
            target=program,
            region_code=program.owner_region_id or "",
            detail={"changed": changed},
        )
    return program


def program_criteria_save(*, user: User, program: Program, data: Any) -> CriterionSet:
    """Validate and store a program's criterion set; the old one is kept in the audit log."""
    if not program_can_manage(user=user, program=program):
        raise ValidationError(_("Anda tidak berwenang mengubah kriteria program ini."))
    known = set(Program.objects.values_list("code", flat=True))
    criteria = criteria_validate(data, known_programs=known)
    stored = criteria.as_json()
    receives_itself = any(
        isinstance(r, dict) and r.get("program") == program.code
        for item in stored["rules"]
        for r in ([item] if "field" in item else item["rules"])
    )
    if receives_itself:
        raise ValidationError(_("Kriteria tidak boleh bergantung pada program itu sendiri."))
    with transaction.atomic():
        before = program.criteria
        Program.objects.filter(pk=program.pk).update(
            criteria=stored, criteria_updated_at=timezone.now(), criteria_updated_by=user
        )
        program.criteria = stored
        audit_record(
            actor=user,
            action=AuditAction.CRITERIA_CHANGED,
            target=program,
            region_code=program.owner_region_id or "",
            detail={"before": before, "after": stored},
        )
    return criteria


def program_components_update(*, user: User, program: Program, amounts: dict[int, Any]) -> int:
    """New yearly amounts for a program's benefit components; returns how many changed."""
    if not program_can_manage(user=user, program=program):
        raise ValidationError(_("Anda tidak berwenang mengubah program ini."))
    components = {c.pk: c for c in program.components.all()}
    problems, changed = [], {}
    for pk, raw in amounts.items():
        component = components.get(pk)
        if component is None:
            continue
        try:
            amount = int(str(raw).replace(".", "").strip())
        except ValueError:
            amount = -1
        if amount < 0:
            problems.append(
                _("%(label)s: besaran harus bilangan bulat rupiah.") % {"label": component.label}
            )
        elif amount != component.amount:
            changed[pk] = (component.amount, amount)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        for pk, (_before, after) in changed.items():
            BenefitComponent.objects.filter(pk=pk).update(amount=after)
        if changed:
            audit_record(
                actor=user,
                action=AuditAction.PROGRAM_CHANGED,
                target=program,
                region_code=program.owner_region_id or "",
                detail={"components": {components[k].code: list(v) for k, v in changed.items()}},
            )
    return len(changed)
