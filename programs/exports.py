"""Drill-down lists of a targeting run as spreadsheets (a background job)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from programs import results
from programs.models import Program
from tkpk.access import user_region_test
from tkpk.exports import SheetWriter, number_mask, spreadsheet_safe
from tkpk.roles import Permission
from tkpk.services.audit import AuditAction, audit_record

# Keyset chunks: 5,000 households keep memory flat and each query well under a second.
EXPORT_CHUNK = 5_000


def targeting_export_run(*, job: Any, progress: Any) -> str:
    """Job handler: the households behind one dashboard number, NIKs masked unless the
    requester may see full NIKs, every cell safe to open in a spreadsheet."""
    user = job.created_by
    params = job.parameters
    run = results.run_get_for_user(user=user, run_id=params["run_id"])
    roots = results.run_scope(user=user, run=run, region=params.get("region", ""))
    program = Program.objects.get(code=params["program"])
    if params.get("unit") == "person":
        return _export_persons(job=job, progress=progress, run=run, roots=roots, program=program)
    households = results.run_households(run=run, roots=roots, program=program, kind=params["kind"])
    # Full numbers only of households in a region where the user holds that right.
    may_reveal = user_region_test(user, permission=Permission.VIEW_FULL_NIK)
    total = households.count()
    progress(0, total, _("Mengekspor %(total)s rumah tangga…") % {"total": total})
    relative = f"jobs/{job.pk}/penargetan-{run.pk}-{program.code}-{params['kind']}.xlsx"
    path = settings.PRIVATE_MEDIA_ROOT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = SheetWriter(path, "xlsx", sheet=program.code)
    writer.append(
        [
            _("No. KK"),
            _("NIK kepala keluarga"),
            _("Kepala keluarga"),
            _("Kode desa"),
            _("Desa/kelurahan"),
            _("Kecamatan"),
            _("Alamat"),
            _("RT"),
            _("RW"),
            _("Desil"),
            _("Anggota"),
            _("Hak manfaat per tahun (Rp)"),
        ]
    )
    done, last_id, revealed = 0, 0, 0
    while True:
        chunk: list[Any] = list(households.filter(id__gt=last_id).order_by("id")[:EXPORT_CHUNK])
        if not chunk:
            break
        for household in chunk:
            reveal = may_reveal(household.village_id)
            revealed += reveal
            writer.append(
                [
                    spreadsheet_safe(v)
                    for v in (
                        number_mask(household.kk, reveal),
                        number_mask(household.head_nik or "", reveal),
                        household.head_name or "",
                        household.village_id,
                        household.village.name,
                        household.village.parent.name if household.village.parent else "",
                        household.address,
                        household.rt,
                        household.rw,
                        household.welfare_decile,
                        household.member_count,
                        household.entitlement or 0,
                    )
                ]
            )
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
            "kind": params["kind"],
            "rows": done,
            "full_nik": revealed,
        },
    )
    return relative


def _export_persons(
    *, job: Any, progress: Any, run: Any, roots: list[str], program: Program
) -> str:
    """The persons behind a person count (a program whose unit is the person)."""
    user, kind = job.created_by, job.parameters["kind"]
    persons = results.run_persons(run=run, roots=roots, program=program, kind=kind)
    may_reveal = user_region_test(user, permission=Permission.VIEW_FULL_NIK)
    total = persons.count()
    progress(0, total, _("Mengekspor %(total)s orang…") % {"total": total})
    relative = f"jobs/{job.pk}/penargetan-{run.pk}-{program.code}-{kind}-orang.xlsx"
    path = settings.PRIVATE_MEDIA_ROOT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = SheetWriter(path, "xlsx", sheet=program.code)
    writer.append(
        [
            _("NIK"),
            _("Nama"),
            _("No. KK"),
            _("Kode desa"),
            _("Desa/kelurahan"),
            _("Kecamatan"),
            _("Alamat"),
            _("RT"),
            _("RW"),
            _("Desil"),
        ]
    )
    done, last_id, revealed = 0, 0, 0
    while True:
        chunk: list[Any] = list(persons.filter(id__gt=last_id).order_by("id")[:EXPORT_CHUNK])
        if not chunk:
            break
        for person in chunk:
            household = person.household
            reveal = may_reveal(household.village_id)
            revealed += reveal
            writer.append(
                [
                    spreadsheet_safe(v)
                    for v in (
                        number_mask(person.nik, reveal),
                        person.name,
                        number_mask(household.kk, reveal),
                        household.village_id,
                        household.village.name,
                        household.village.parent.name if household.village.parent else "",
                        household.address,
                        household.rt,
                        household.rw,
                        household.welfare_decile,
                    )
                ]
            )
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
            "kind": kind,
            "unit": "person",
            "rows": done,
            "full_nik": revealed,
        },
    )
    return relative
