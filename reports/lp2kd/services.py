"""Writing LP2KD reports: starting one, the narrative, generating the document in the
background, the approval chain, new versions, and recording downloads.

The chain: draft (secretariat) -> reviewed (secretariat) -> approved for the TKPK chair
(a second secretariat user, never the reviewer) -> signed by the regent, mayor or governor
-> submitted to the province. A step may send the version back to draft with a reason
before it is signed. From approval on the version is read-only: its snapshot and the PDF
rendered from it at approval are the approved document; a change is a new version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.models import TargetingRun
from reports.lp2kd.documents import file_sha256, lp2kd_annex_xlsx, lp2kd_pdf, private_path
from reports.lp2kd.sections import CHAPTERS
from reports.lp2kd.selectors import (
    REPORT_LEVELS,
    lp2kd_default_run,
    lp2kd_may,
    lp2kd_run_choices,
    report_open_version,
    version_reviewer_id,
)
from reports.lp2kd.snapshot import snapshot_build, snapshot_sha256
from reports.models import Lp2kd, Lp2kdStep, Lp2kdVersion, Origin, StepAction, VersionState
from tkpk.jobs import JobError
from tkpk.models import AuditAction, Job, Region, User
from tkpk.roles import Permission
from tkpk.services.audit import audit_record
from tkpk.services.jobs import job_create

P = Permission
NARRATIVE_MAX_CHARS = 30_000
S = VersionState


def _refuse(message: str) -> ValidationError:
    return ValidationError(message)


def lp2kd_create(*, user: User, region: Region, year: int, today: date | None = None) -> Lp2kd:
    """A report for a regency, city or province and a year, with its first version: the
    default outline as narrative, the year's newest finished targeting run."""
    today = today or timezone.localdate()
    if not lp2kd_may(user, _report_stub(region), P.PREPARE_REPORT):
        raise _refuse(_("Anda tidak berwenang menyusun LP2KD untuk wilayah ini."))
    if region.level not in REPORT_LEVELS:
        raise _refuse(_("LP2KD disusun untuk kabupaten/kota atau provinsi."))
    if not 2000 <= year <= today.year:
        raise _refuse(_("Tahun laporan harus antara 2000 dan %(year)s.") % {"year": today.year})
    with transaction.atomic():
        if Lp2kd.objects.filter(region=region, year=year).exists():
            raise _refuse(
                _("LP2KD %(year)s untuk %(region)s sudah ada.")
                % {"year": year, "region": region.name}
            )
        report = Lp2kd.objects.create(region=region, year=year, created_by=user)
        version = Lp2kdVersion.objects.create(
            report=report,
            number=1,
            run=lp2kd_default_run(user=user, region_code=region.code, year=year),
            narratives={c.key: str(c.outline) for c in CHAPTERS},
            content_changed_at=timezone.now(),
            created_by=user,
        )
        _step(version=version, user=user, action=StepAction.CREATE, to_state=S.DRAFT)
        audit_record(
            actor=user,
            action=AuditAction.LP2KD_CHANGED,
            target=report,
            region_code=region.code,
            detail={"created": year},
        )
    return report


def _report_stub(region: Region) -> Lp2kd:
    return Lp2kd(region=region, year=0)


def _step(
    *,
    version: Lp2kdVersion,
    user: User | None,
    action: str,
    to_state: str,
    from_state: str = "",
    note: str = "",
) -> Lp2kdStep:
    return Lp2kdStep.objects.create(
        version=version,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=user,
        note=note,
    )


def _locked(version: Lp2kdVersion) -> Lp2kdVersion:
    return (
        Lp2kdVersion.objects.select_for_update().select_related("report__region").get(pk=version.pk)
    )


def _editable(version: Lp2kdVersion) -> None:
    if version.is_frozen:
        raise _refuse(
            _(
                "Versi %(n)s sudah disetujui dan tidak dapat diubah lagi. Buat versi baru dari "
                "versi ini untuk perubahan."
            )
            % {"n": version.number}
        )
    if version.state != S.DRAFT:
        raise _refuse(
            _(
                "Versi ini sedang ditelaah dan tidak dapat diubah; kembalikan ke draf dulu "
                "dengan alasan."
            )
        )


def lp2kd_version_update(
    *,
    user: User,
    version: Lp2kdVersion,
    narratives: dict[str, str],
    run_id: int | None,
    ip: str | None = None,
) -> Lp2kdVersion:
    """Save the narrative of each chapter and the chosen targeting run of a draft."""
    if not lp2kd_may(user, version.report, P.PREPARE_REPORT):
        raise _refuse(_("Anda tidak berwenang mengubah LP2KD ini."))
    unknown = set(narratives) - {c.key for c in CHAPTERS}
    if unknown:
        raise _refuse(_("Bab yang tidak dikenal: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
    for key, text in narratives.items():
        if len(text) > NARRATIVE_MAX_CHARS:
            raise _refuse(
                _("Narasi Bab %(key)s terlalu panjang (paling banyak %(max)s karakter).")
                % {"key": key, "max": f"{NARRATIVE_MAX_CHARS:,}".replace(",", ".")}
            )
    run: TargetingRun | None = None
    if run_id is not None:
        run = (
            lp2kd_run_choices(user=user, region_code=version.report.region_id)
            .filter(pk=run_id)
            .first()
        )
        if run is None:
            raise _refuse(
                _("Analisis penargetan itu tidak ditemukan atau tidak mencakup seluruh wilayah.")
            )
    with transaction.atomic():
        locked = _locked(version)
        _editable(locked)
        locked.narratives = {**locked.narratives, **narratives}
        locked.run = run
        locked.content_changed_at = timezone.now()
        locked.save(update_fields=["narratives", "run", "content_changed_at"])
        audit_record(
            actor=user,
            action=AuditAction.LP2KD_CHANGED,
            target=locked,
            region_code=locked.report.region_id,
            ip=ip,
            detail={"chapters": sorted(narratives), "run": run_id},
        )
    return locked


def lp2kd_generate(*, user: User, version: Lp2kdVersion) -> Job:
    """Queue the document's generation (figures, PDF, annex) for a draft."""
    if not lp2kd_may(user, version.report, P.PREPARE_REPORT):
        raise _refuse(_("Anda tidak berwenang menyusun LP2KD ini."))
    _editable(version)
    return job_create(
        kind="lp2kd_generate",
        user=user,
        region=version.report.region,
        parameters={"version_id": version.pk},
    )


def _files(version: Lp2kdVersion, suffix: str) -> str:
    report = version.report
    name = f"lp2kd-{report.region_id}-{report.year}-v{version.number}{suffix}"
    return f"reports/lp2kd/{report.pk}/{name}"


@dataclass(frozen=True)
class Generated:
    pdf_path: str
    pages: int
    seconds: float


def lp2kd_version_generate(
    *, version_id: int, today: date | None = None, progress: Any = None
) -> Generated:
    """Compute the snapshot of a draft, render its PDF and annex from it, and keep them on
    the version. The document counts as current for the content the version had when the
    computation started."""
    started_at = timezone.now()
    version = Lp2kdVersion.objects.select_related("report__region", "run").get(pk=version_id)
    if version.state != S.DRAFT:
        raise JobError(_("Hanya versi draf yang dapat dibuat ulang dokumennya."))
    snapshot = snapshot_build(version=version, today=today, progress=progress)
    if progress is not None:
        progress(len(snapshot["chapters"]), None, _("Menyusun PDF…"))
    pdf, pages = lp2kd_pdf(snapshot=snapshot)
    pdf_relative = _files(version, "-draf.pdf")
    xlsx_relative = _files(version, "-lampiran.xlsx")
    pdf_path = private_path(pdf_relative)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    pdf_path.write_bytes(pdf)
    lp2kd_annex_xlsx(snapshot=snapshot, path=private_path(xlsx_relative))
    with transaction.atomic():
        locked = _locked(version)
        if locked.state != S.DRAFT:
            raise JobError(_("Versi ini berpindah status selama dokumennya dibuat."))
        locked.snapshot = snapshot
        locked.snapshot_sha256 = snapshot_sha256(snapshot)
        locked.generated_at = started_at
        locked.pdf_path = pdf_relative
        locked.pdf_sha256 = file_sha256(pdf_path)
        locked.pdf_pages = pages
        locked.xlsx_path = xlsx_relative
        locked.save(
            update_fields=[
                "snapshot",
                "snapshot_sha256",
                "generated_at",
                "pdf_path",
                "pdf_sha256",
                "pdf_pages",
                "xlsx_path",
            ]
        )
    return Generated(
        pdf_path=pdf_relative,
        pages=pages,
        seconds=(timezone.now() - started_at).total_seconds(),
    )


def lp2kd_generate_run(*, job: Job, progress: Any) -> str:
    """Job handler of ``lp2kd_generate``. The files are fetched from the version's page,
    where each download is audited, so the job hands out none itself."""
    lp2kd_version_generate(version_id=int(job.parameters["version_id"]), progress=progress)
    return ""


# The approval chain ---------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    permissions: tuple[str, ...]


TRANSITIONS: dict[str, Transition] = {
    StepAction.REVIEW: Transition(S.DRAFT, S.REVIEWED, (P.PREPARE_REPORT,)),
    StepAction.APPROVE: Transition(S.REVIEWED, S.APPROVED, (P.APPROVE_REPORT,)),
    StepAction.SIGN: Transition(S.APPROVED, S.SIGNED, (P.SIGN_REPORT,)),
    StepAction.SUBMIT: Transition(S.SIGNED, S.SUBMITTED, (P.SIGN_REPORT, P.PREPARE_REPORT)),
}
# Who may send a version back, from which state: whoever takes the next step.
RETURNS: dict[str, tuple[str, ...]] = {
    S.REVIEWED: (P.APPROVE_REPORT, P.PREPARE_REPORT),
    S.APPROVED: (P.SIGN_REPORT,),
}


def lp2kd_step(
    *, user: User, version: Lp2kdVersion, action: str, note: str = "", ip: str | None = None
) -> Lp2kdVersion:
    """Take one step of the chain (or send the version back), recorded with who, when and
    the note. Out of order, by the wrong person or without a reason to send back: refused
    with the reason, nothing written."""
    note = note.strip()
    with transaction.atomic():
        locked = _locked(version)
        report = locked.report
        if action == StepAction.RETURN:
            allowed = RETURNS.get(locked.state)
            if allowed is None:
                raise _refuse(
                    _("Versi berstatus '%(state)s' tidak dapat dikembalikan ke draf.")
                    % {"state": locked.get_state_display()}
                )
            if not any(lp2kd_may(user, report, p) for p in allowed):
                raise _refuse(_("Anda tidak berwenang mengembalikan versi ini."))
            if not note:
                raise _refuse(_("Tuliskan alasan mengembalikan versi ini ke draf."))
            target: str = S.DRAFT
        else:
            transition = TRANSITIONS.get(action)
            if transition is None:
                raise _refuse(_("Langkah yang tidak dikenal."))
            if not any(lp2kd_may(user, report, p) for p in transition.permissions):
                raise _refuse(_("Anda tidak berwenang mengambil langkah ini."))
            if locked.state != transition.source:
                raise _refuse(
                    _(
                        "Langkah '%(step)s' hanya dapat diambil untuk versi berstatus "
                        "'%(needed)s'; versi ini berstatus '%(state)s'."
                    )
                    % {
                        "step": StepAction(action).label,
                        "needed": S(transition.source).label,
                        "state": locked.get_state_display(),
                    }
                )
            target = transition.target
            _check_step(user=user, version=locked, action=action)
        source = locked.state
        locked.state = target
        fields = ["state"]
        if action == StepAction.APPROVE:
            fields += _approve(version=locked, user=user)
        elif action == StepAction.SUBMIT:
            locked.submitted_at = timezone.now()
            fields.append("submitted_at")
        elif action == StepAction.RETURN:
            # Back to draft: the document must be made again before it is reviewed.
            locked.content_changed_at = timezone.now()
            fields.append("content_changed_at")
        locked.save(update_fields=fields)
        _step(
            version=locked,
            user=user,
            action=action,
            from_state=source,
            to_state=target,
            note=note,
        )
        audit_record(
            actor=user,
            action=AuditAction.LP2KD_STEP,
            target=locked,
            region_code=report.region_id,
            ip=ip,
            detail={"step": action, "from": source, "to": target, "note": note[:300]},
        )
    return locked


def _check_step(*, user: User, version: Lp2kdVersion, action: str) -> None:
    if action == StepAction.REVIEW and not version.is_current:
        raise _refuse(
            _(
                "Dokumen versi ini belum dibuat, atau isinya berubah sesudah dokumen dibuat: "
                "buat dokumen dulu, lalu telaah."
            )
        )
    if action == StepAction.APPROVE:
        if version_reviewer_id(version=version) == user.pk:
            raise _refuse(
                _("Persetujuan harus diberikan oleh orang lain daripada penelaah versi ini.")
            )
        if not version.snapshot or snapshot_sha256(version.snapshot) != version.snapshot_sha256:
            raise _refuse(
                _(
                    "Cuplikan angka versi ini tidak cocok dengan sidik (hash) yang tercatat; "
                    "buat dokumen ulang sebelum disetujui."
                )
            )


def _approve(*, version: Lp2kdVersion, user: User) -> list[str]:
    """Freeze the version: the approved PDF is rendered from the stored snapshot only (no
    figure is computed again), kept, and its hash recorded."""
    assert version.snapshot is not None
    approval = {"name": user.get_full_name() or user.username, "at": timezone.now().isoformat()}
    pdf, pages = lp2kd_pdf(snapshot=version.snapshot, approval=approval)
    relative = _files(version, "-disetujui.pdf")
    path = private_path(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    version.pdf_path = relative
    version.pdf_sha256 = file_sha256(path)
    version.pdf_pages = pages
    return ["pdf_path", "pdf_sha256", "pdf_pages"]


def lp2kd_version_new(*, user: User, version: Lp2kdVersion, ip: str | None = None) -> Lp2kdVersion:
    """A new draft from a version (its narrative and run), numbered after the newest. One
    version at a time is worked on."""
    if not lp2kd_may(user, version.report, P.PREPARE_REPORT):
        raise _refuse(_("Anda tidak berwenang menyusun LP2KD ini."))
    if version.origin == Origin.RECEIVED:
        raise _refuse(
            _(
                "LP2KD ini diterima dari aplikasi kabupaten/kota lewat API; versi barunya "
                "disusun dan dikirim dari sana."
            )
        )
    with transaction.atomic():
        report = Lp2kd.objects.select_for_update().get(pk=version.report_id)
        open_version = report_open_version(report=report)
        if open_version is not None:
            raise _refuse(
                _("Versi %(n)s masih dikerjakan; selesaikan atau pakai versi itu.")
                % {"n": open_version.number}
            )
        number = (report.versions.order_by("-number").values_list("number", flat=True).first()) or 0
        new = Lp2kdVersion.objects.create(
            report=report,
            number=number + 1,
            based_on=version,
            run=version.run,
            narratives=dict(version.narratives),
            content_changed_at=timezone.now(),
            created_by=user,
        )
        _step(
            version=new,
            user=user,
            action=StepAction.CREATE,
            to_state=S.DRAFT,
            note=_("Dari versi %(n)s") % {"n": version.number},
        )
        audit_record(
            actor=user,
            action=AuditAction.LP2KD_CHANGED,
            target=new,
            region_code=report.region_id,
            ip=ip,
            detail={"new_version": new.number, "from": version.number},
        )
    return new


# Downloads ------------------------------------------------------------------------------


class FileAltered(Exception):
    """A stored approved file no longer matches the hash recorded at approval."""


def lp2kd_file_open(*, user: User, version: Lp2kdVersion, kind: str, ip: str | None) -> Any:
    """The version's PDF or annex to hand out, with the download audited. An approved PDF
    is checked against its recorded hash first."""
    relative = version.pdf_path if kind == "pdf" else version.xlsx_path
    if not relative:
        raise FileNotFoundError(kind)
    path = private_path(relative)
    if not path.exists():
        raise FileNotFoundError(relative)
    if kind == "pdf" and version.is_frozen and file_sha256(path) != version.pdf_sha256:
        raise FileAltered(relative)
    _download_record(user=user, version=version, kind=kind, ip=ip)
    return path


def lp2kd_snapshot_download_record(*, user: User, version: Lp2kdVersion, ip: str | None) -> None:
    """An approved version's snapshot handed out over the API, audited like its PDF."""
    _download_record(user=user, version=version, kind="snapshot", ip=ip)


def _download_record(*, user: User, version: Lp2kdVersion, kind: str, ip: str | None) -> None:
    audit_record(
        actor=user,
        action=AuditAction.LP2KD_DOWNLOADED,
        target=version,
        region_code=version.report.region_id,
        ip=ip,
        detail={
            "report": version.report_id,
            "year": version.report.year,
            "version": version.number,
            "state": version.state,
            "file": kind,
            "sha256": {"pdf": version.pdf_sha256, "snapshot": version.snapshot_sha256}.get(
                kind, ""
            ),
        },
    )
