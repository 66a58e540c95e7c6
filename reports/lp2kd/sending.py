"""The regency's side of the hand-in: send an approved version to the province's
installation (``POST <api>/lp2kd/<region>/<year>/submissions/``) with the token the province
issued. Multipart, so a PDF of many MB passes the province's limit on request bodies.

The snapshot and the PDF are checked against the hashes recorded at approval before they
leave: a file altered on disk is not sent.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any
from urllib import error, request

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reports.lp2kd.documents import file_sha256, private_path
from reports.lp2kd.snapshot import snapshot_canonical, snapshot_sha256
from reports.models import Lp2kdVersion, Origin
from tkpk.models import AuditAction
from tkpk.services.audit import audit_record


@dataclass(frozen=True)
class Sent:
    status: int
    body: dict[str, Any]


def _multipart(
    fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]
) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def lp2kd_send_to_province(
    *, version: Lp2kdVersion, api_url: str, token: str, timeout: float = 120
) -> Sent:
    """Send an approved version made here. Returns the province's answer (201 created or
    200 unchanged); anything else is refused with the province's own message."""
    if version.origin != Origin.LOCAL or not version.is_frozen:
        raise ValidationError(_("Hanya versi yang disetujui di aplikasi ini yang dapat dikirim."))
    snapshot = version.snapshot or {}
    if not snapshot or snapshot_sha256(snapshot) != version.snapshot_sha256:
        raise ValidationError(
            _("Cuplikan angka versi ini tidak cocok dengan sidik (hash) yang tercatat.")
        )
    path = private_path(version.pdf_path) if version.pdf_path else None
    if path is None or not path.exists() or file_sha256(path) != version.pdf_sha256:
        raise ValidationError(
            _("PDF yang tersimpan tidak ada atau tidak cocok dengan sidik (hash) saat persetujuan.")
        )
    report = version.report
    body, content_type = _multipart(
        {"snapshot_sha256": version.snapshot_sha256, "pdf_sha256": version.pdf_sha256},
        {
            "snapshot": ("cuplikan.json", snapshot_canonical(snapshot), "application/json"),
            "pdf": (path.name, path.read_bytes(), "application/pdf"),
        },
    )
    url = f"{api_url.rstrip('/')}/lp2kd/{report.region_id}/{report.year}/submissions/"
    if not url.startswith(("https://", "http://")):
        raise ValidationError(_("Alamat API provinsi harus diawali https:// atau http://."))
    outgoing = request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=body,
        method="POST",
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": content_type,
            "Accept": "application/json",
            "Accept-Language": "id",
        },
    )
    try:
        with request.urlopen(outgoing, timeout=timeout) as answer:  # noqa: S310
            sent = Sent(answer.status, json.loads(answer.read() or b"{}"))
    except error.HTTPError as exc:
        raise ValidationError(
            _("Aplikasi provinsi menolak (HTTP %(status)s): %(message)s")
            % {"status": exc.code, "message": _error_message(exc.read())}
        ) from None
    except (error.URLError, TimeoutError, OSError) as exc:
        raise ValidationError(
            _("Aplikasi provinsi tidak dapat dihubungi: %(reason)s") % {"reason": exc}
        ) from None
    audit_record(
        actor=None,
        action=AuditAction.LP2KD_STEP,
        target=version,
        region_code=report.region_id,
        detail={
            "sent_to_province": url,
            "status": sent.status,
            "outcome": sent.body.get("outcome", ""),
            "version": version.number,
        },
    )
    return sent


def _error_message(raw: bytes) -> str:
    """The province's error in its common format, with the fields it names."""
    try:
        failure = json.loads(raw)["error"]
    except (ValueError, KeyError, TypeError):
        return raw[:300].decode(errors="replace")
    fields = failure.get("fields") or {}
    named = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in fields.items())
    return f"{failure.get('message', '')} {named}".strip()
