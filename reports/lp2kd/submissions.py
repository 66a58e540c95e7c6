"""A regency's LP2KD received by the province's installation over the API.

A regency or city that runs its own installation sends its approved version: the snapshot
(every figure, as JSON) with the SHA-256 recorded at approval, and the PDF with its hash.
The province keeps it as that regency's submitted version, exactly as received (its figures
are never recomputed here), and its roll-up reads it like a submission made in this
installation. Sending the same version again changes nothing; a version number that
arrives again with other content, a snapshot whose hash does not match, or a regency
outside the caller's scope are refused and nothing is written.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.lp2kd.documents import private_path
from reports.lp2kd.snapshot import SNAPSHOT_FORMAT, snapshot_sha256
from reports.models import Lp2kd, Lp2kdStep, Lp2kdVersion, Origin, StepAction, VersionState
from tkpk.access import user_can_see_region
from tkpk.attachments import pdf_active_content
from tkpk.models import AuditAction, Region, User
from tkpk.roles import Permission
from tkpk.services.audit import audit_record

# A regency's LP2KD with its village tables runs to a few hundred pages: a few MB.
PDF_MAX_BYTES = 30 * 1024 * 1024
SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Who may hand in a regency's report: an API client holding its region (or the province).
SUBMIT_PERMISSION = Permission.USE_API


class Outcome:
    CREATED = "created"
    UNCHANGED = "unchanged"


class SubmissionConflict(Exception):
    """The version was received before with other content, or the report is made here."""


@dataclass(frozen=True)
class Submission:
    snapshot: Any
    snapshot_sha256: str
    pdf: bytes
    pdf_sha256: str


def submission_region_get(*, user: User, code: str) -> Region:
    """The regency or city the caller may submit for; 404 otherwise, the same answer for
    a regency outside its scope and one that does not exist."""
    region = Region.objects.filter(code=code, level=Region.Level.REGENCY).first()
    if region is None or not user_can_see_region(user, region.code, permission=SUBMIT_PERMISSION):
        raise Http404
    return region


def _shape_errors(snapshot: Any, *, region: Region, year: int) -> list[str]:
    """What makes the snapshot unreadable as an LP2KD of this regency and year."""
    if not isinstance(snapshot, dict):
        return [_("Cuplikan harus berupa objek JSON.")]
    errors = []
    if snapshot.get("format") != SNAPSHOT_FORMAT:
        errors.append(
            _("Format cuplikan %(got)s tidak dikenal (yang dikenal: %(known)s).")
            % {"got": snapshot.get("format"), "known": SNAPSHOT_FORMAT}
        )
    code = (
        (snapshot.get("region") or {}).get("code")
        if isinstance(snapshot.get("region"), dict)
        else None
    )
    if code != region.code:
        errors.append(
            _("Cuplikan ini untuk wilayah %(got)s, bukan %(code)s seperti pada alamat.")
            % {"got": code or "?", "code": region.code}
        )
    if snapshot.get("year") != year:
        errors.append(
            _("Cuplikan ini untuk tahun %(got)s, bukan %(year)s seperti pada alamat.")
            % {"got": snapshot.get("year"), "year": year}
        )
    number = snapshot.get("version")
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 32767:
        errors.append(_("Nomor versi pada cuplikan harus bilangan bulat 1 atau lebih."))
    chapters = snapshot.get("chapters")
    if not isinstance(chapters, list) or not all(
        isinstance(c, dict)
        and isinstance(c.get("key"), str)
        and isinstance(c.get("tables"), list)
        and all(
            isinstance(t, dict)
            and isinstance(t.get("key"), str)
            and isinstance(t.get("columns"), list)
            and isinstance(t.get("rows"), list)
            for t in c["tables"]
        )
        for c in chapters
    ):
        errors.append(_("Bab dan tabel cuplikan tidak terbaca (chapters → tables → rows)."))
    return errors


def _checked(*, data: Submission, region: Region, year: int) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year:
        # Checked before the database's own constraint would answer with an error page.
        errors["year"] = [_("Tahun laporan harus antara 2000 dan %(year)s.") % {"year": this_year}]
    shape = _shape_errors(data.snapshot, region=region, year=year)
    if not shape:
        try:
            snapshot_sha256(data.snapshot)
        except (RecursionError, ValueError):
            shape = [_("Cuplikan bersarang terlalu dalam untuk dibaca.")]
    if shape:
        errors["snapshot"] = shape
    claimed = data.snapshot_sha256.strip().lower()
    if not SHA256.match(claimed):
        errors["snapshot_sha256"] = [_("Tuliskan SHA-256 cuplikan: 64 angka heksadesimal.")]
    elif not shape and snapshot_sha256(data.snapshot) != claimed:
        errors["snapshot_sha256"] = [
            _(
                "SHA-256 cuplikan tidak cocok dengan isinya: cuplikan berubah sesudah "
                "disetujui atau rusak di perjalanan. Tidak disimpan; kirim ulang cuplikan "
                "yang disetujui apa adanya."
            )
        ]
    pdf_errors = []
    if not data.pdf.startswith(b"%PDF-"):
        pdf_errors.append(_("Berkas PDF tidak berisi PDF menurut isinya."))
    elif len(data.pdf) > PDF_MAX_BYTES:
        pdf_errors.append(
            _("Berkas PDF lebih dari %(mb)s MB.") % {"mb": PDF_MAX_BYTES // (1024 * 1024)}
        )
    elif pdf_active_content(data.pdf):
        pdf_errors.append(
            _("Berkas PDF berisi skrip, perintah atau berkas tersisip (/%(what)s); ditolak.")
            % {"what": pdf_active_content(data.pdf)}
        )
    if pdf_errors:
        errors["pdf"] = pdf_errors
    claimed_pdf = data.pdf_sha256.strip().lower()
    if not SHA256.match(claimed_pdf):
        errors["pdf_sha256"] = [_("Tuliskan SHA-256 PDF: 64 angka heksadesimal.")]
    elif hashlib.sha256(data.pdf).hexdigest() != claimed_pdf:
        errors["pdf_sha256"] = [
            _("SHA-256 PDF tidak cocok dengan berkas yang dikirim; PDF tidak disimpan.")
        ]
    return errors


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(io.BytesIO(pdf)).pages)
    except (PyPdfError, ValueError, OSError):
        return 0


def _as_of(snapshot: dict[str, Any]) -> datetime | None:
    """The day the regency's figures were computed, as its snapshot says."""
    try:
        day = date.fromisoformat(str(snapshot.get("as_of")))
    except ValueError:
        return None
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def lp2kd_submission_receive(
    *, user: User, region: Region, year: int, data: Submission, ip: str | None = None
) -> tuple[Lp2kdVersion, str]:
    """Keep a regency's approved version as its submission to this (the province's)
    installation, in one transaction. Returns the version and ``created`` or
    ``unchanged``. Bad input: ``ValidationError`` by field; a clash with what is kept:
    ``SubmissionConflict``."""
    errors = _checked(data=data, region=region, year=year)
    if errors:
        raise ValidationError(errors)
    snapshot: dict[str, Any] = data.snapshot
    number = int(snapshot["version"])
    digest, pdf_digest = snapshot_sha256(snapshot), hashlib.sha256(data.pdf).hexdigest()
    now = timezone.now()
    computed = _as_of(snapshot) or now
    written = None
    try:
        with transaction.atomic():
            report, _created = Lp2kd.objects.get_or_create(
                region=region, year=year, defaults={"created_by": user}
            )
            report = Lp2kd.objects.select_for_update().get(pk=report.pk)
            if report.versions.filter(origin=Origin.LOCAL).exists():
                raise SubmissionConflict(
                    _(
                        "LP2KD %(year)s %(region)s disusun di aplikasi ini; kirimkan lewat "
                        "alur persetujuannya, bukan lewat API."
                    )
                    % {"year": year, "region": region.name}
                )
            kept = report.versions.filter(number=number).first()
            if kept is not None:
                if kept.snapshot_sha256 == digest and kept.pdf_sha256 == pdf_digest:
                    return kept, Outcome.UNCHANGED
                raise SubmissionConflict(
                    _(
                        "Versi %(n)s LP2KD %(year)s %(region)s sudah diterima dengan isi lain "
                        "(SHA-256 cuplikan %(sha)s). Perubahan dikirim sebagai versi baru."
                    )
                    % {
                        "n": number,
                        "year": year,
                        "region": region.name,
                        "sha": kept.snapshot_sha256,
                    }
                )
            relative = (
                f"reports/lp2kd/{report.pk}/lp2kd-{region.code}-{year}-v{number}-diterima.pdf"
            )
            written = private_path(relative)
            written.parent.mkdir(parents=True, exist_ok=True)
            written.write_bytes(data.pdf)
            chapters = snapshot.get("chapters") or []
            version = Lp2kdVersion.objects.create(
                report=report,
                number=number,
                state=VersionState.SUBMITTED,
                origin=Origin.RECEIVED,
                narratives={c["key"]: str(c.get("narrative") or "") for c in chapters},
                content_changed_at=computed,
                snapshot=snapshot,
                snapshot_sha256=digest,
                generated_at=computed,
                pdf_path=relative,
                pdf_sha256=pdf_digest,
                pdf_pages=_pages(data.pdf),
                submitted_at=now,
                created_by=user,
            )
            Lp2kdStep.objects.create(
                version=version,
                action=StepAction.SUBMIT,
                from_state="",
                to_state=VersionState.SUBMITTED,
                actor=user,
                note=_("Diterima lewat API dari aplikasi kabupaten/kota."),
            )
            audit_record(
                actor=user,
                action=AuditAction.LP2KD_STEP,
                target=version,
                region_code=region.code,
                ip=ip,
                detail={
                    "step": StepAction.SUBMIT,
                    "received": True,
                    "year": year,
                    "version": number,
                    "snapshot_sha256": digest,
                    "pdf_sha256": pdf_digest,
                },
            )
    except BaseException:
        # Nothing half-written: the file goes with the rows that would have named it.
        if written is not None:
            written.unlink(missing_ok=True)
        raise
    return version, Outcome.CREATED
