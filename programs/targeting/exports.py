"""Drill-down lists of a targeting run as spreadsheets (a background job)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from programs.models import Program
from programs.targeting.selectors import run_get_for_user, run_households, run_persons, run_scope
from tkpk.access import user_region_test
from tkpk.exports import SheetWriter, number_mask, spreadsheet_safe
from tkpk.models import AuditAction
from tkpk.roles import Permission
from tkpk.services.audit import audit_record

# Keyset chunks: 5,000 households keep memory flat and each query well under a second.
EXPORT_CHUNK = 5_000


def targeting_export_run(*, job: Any, progress: Any) -> str:
    """Job handler: the households (or, for a person program's person list, the persons)
    behind one dashboard number, NIKs masked unless the requester may see full NIKs in the
    household's region, every cell safe to open in a spreadsheet."""
    user = job.created_by
    params = job.parameters
    run = run_get_for_user(user=user, run_id=params["run_id"])
    roots = run_scope(user=user, run=run, region=params.get("region", ""))
    program = Program.objects.get(code=params["program"])
    kind = params["kind"]
    if params.get("unit") == "person":
        sheet = _Sheet(
            rows=run_persons(run=run, roots=roots, program=program, kind=kind),
            name=f"penargetan-{run.pk}-{program.code}-{kind}-orang",
            counting=_("Mengekspor %(total)s orang…"),
            headers=[_("NIK"), _("Nama"), _("No. KK"), *_place_headers()],
            household=lambda person: person.household,
            cells=lambda person, reveal: (
                number_mask(person.nik, reveal),
                person.name,
                number_mask(person.household.kk, reveal),
                *_place(person.household),
            ),
            detail={"unit": "person"},
        )
    else:
        sheet = _Sheet(
            rows=run_households(run=run, roots=roots, program=program, kind=kind),
            name=f"penargetan-{run.pk}-{program.code}-{kind}",
            counting=_("Mengekspor %(total)s rumah tangga…"),
            headers=[
                _("No. KK"),
                _("NIK kepala keluarga"),
                _("Kepala keluarga"),
                *_place_headers(),
                _("Anggota"),
                _("Hak manfaat per tahun (Rp)"),
            ],
            household=lambda household: household,
            cells=lambda household, reveal: (
                number_mask(household.kk, reveal),
                number_mask(household.head_nik or "", reveal),
                household.head_name or "",
                *_place(household),
                household.member_count,
                household.entitlement or 0,
            ),
            detail={},
        )
    return _sheet_write(sheet, job=job, progress=progress, run=run, program=program)


def _place_headers() -> list[str]:
    return [
        _("Kode desa"),
        _("Desa/kelurahan"),
        _("Kecamatan"),
        _("Alamat"),
        _("RT"),
        _("RW"),
        _("Desil"),
    ]


def _place(household: Any) -> tuple[Any, ...]:
    village = household.village
    return (
        household.village_id,
        village.name,
        village.parent.name if village.parent else "",
        household.address,
        household.rt,
        household.rw,
        household.welfare_decile,
    )


@dataclass(frozen=True)
class _Sheet:
    rows: Any
    name: str
    counting: str
    headers: list[Any]
    household: Callable[[Any], Any]
    cells: Callable[[Any, bool], tuple[Any, ...]]
    detail: dict[str, Any]


def _sheet_write(sheet: _Sheet, *, job: Any, progress: Any, run: Any, program: Program) -> str:
    user = job.created_by
    # Full numbers only of households in a region where the user holds that right.
    may_reveal = user_region_test(user, permission=Permission.VIEW_FULL_NIK)
    total = sheet.rows.count()
    progress(0, total, sheet.counting % {"total": total})
    relative = f"jobs/{job.pk}/{sheet.name}.xlsx"
    path = settings.PRIVATE_MEDIA_ROOT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = SheetWriter(path, "xlsx", sheet=program.code)
    writer.append(sheet.headers)
    done, last_id, revealed = 0, 0, 0
    while True:
        chunk: list[Any] = list(sheet.rows.filter(id__gt=last_id).order_by("id")[:EXPORT_CHUNK])
        if not chunk:
            break
        for row in chunk:
            reveal = may_reveal(sheet.household(row).village_id)
            revealed += reveal
            writer.append([spreadsheet_safe(v) for v in sheet.cells(row, reveal)])
        done += len(chunk)
        last_id = chunk[-1].id
        progress(done, total)
    writer.close()
    audit_record(
        actor=user,
        action=AuditAction.TARGETING_EXPORTED,
        target=run,
        region_code=run.region_id,
        detail={
            "program": program.code,
            "kind": job.parameters["kind"],
            **sheet.detail,
            "rows": done,
            "full_nik": revealed,
        },
    )
    return relative
