"""Attachment checks: the type is read from the content (magic bytes), never the name."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MAX_FILES = 3
MAX_BYTES = 5 * 1024 * 1024

# (magic at offset 0, optional second magic at offset 8, extension, content type)
SIGNATURES: list[tuple[bytes, bytes, str, str]] = [
    (b"\xff\xd8\xff", b"", ".jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", b"", ".png", "image/png"),
    (b"RIFF", b"WEBP", ".webp", "image/webp"),
    (b"%PDF-", b"", ".pdf", "application/pdf"),
]


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    extension: str
    content_type: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def attachment_check(*, name: str, content: bytes) -> CheckedFile:
    """A photo (JPEG, PNG, WebP) or a PDF of at most 5 MB, judged by its first bytes."""
    display = Path(name).name[:200] or "lampiran"
    if len(content) > MAX_BYTES:
        raise ValidationError(
            _("Lampiran %(name)s lebih dari %(mb)s MB.")
            % {"name": display, "mb": MAX_BYTES // (1024 * 1024)}
        )
    if not content:
        raise ValidationError(_("Lampiran %(name)s kosong.") % {"name": display})
    for magic, second, extension, content_type in SIGNATURES:
        if content.startswith(magic) and (not second or content[8:12] == second):
            return CheckedFile(display, content, extension, content_type)
    raise ValidationError(
        _(
            "Lampiran %(name)s bukan foto (JPG, PNG, WebP) atau PDF menurut isinya; "
            "berkas lain ditolak walau namanya berakhiran .jpg atau .pdf."
        )
        % {"name": display}
    )


def attachment_store(checked: CheckedFile) -> Path:
    """Write under PRIVATE_MEDIA_ROOT (outside the web root); the caller removes the file
    again when the surrounding transaction fails."""
    folder = settings.PRIVATE_MEDIA_ROOT / "complaints" / timezone.now().strftime("%Y/%m")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{checked.extension}"
    path.write_bytes(checked.content)
    return path
