"""Visit photos: checked by content and size before anything is stored."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PHOTO_MAX_BYTES = 8 * 1024 * 1024
# Phone cameras save 12-50 megapixels; a PNG header of a few bytes can claim billions.
PHOTO_MAX_PIXELS = 50_000_000
PHOTOS_PER_VISIT = 10
# Content signatures, never the file name: an .exe renamed .jpg starts with "MZ".
PHOTO_TYPES: list[tuple[bytes, str, str]] = [
    (b"\xff\xd8\xff", ".jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", ".png", "image/png"),
]


def _photo_kind(head: bytes) -> tuple[str, str] | None:
    for magic, suffix, mime in PHOTO_TYPES:
        if head.startswith(magic):
            return suffix, mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp", "image/webp"
    return None


@dataclass(frozen=True)
class PhotoUpload:
    name: str
    content: bytes
    suffix: str
    content_type: str
    sha256: str


def visit_photos_check(files: Iterable[tuple[str, IO[bytes]]]) -> list[PhotoUpload]:
    """Read and check every photo before anything is stored: type by content, size."""
    from PIL import Image, UnidentifiedImageError

    photos: list[PhotoUpload] = []
    errors: list[str] = []
    for name, handle in files:
        name = Path(name).name[:200]
        body = handle.read(PHOTO_MAX_BYTES + 1)
        if len(body) > PHOTO_MAX_BYTES:
            errors.append(
                _("Foto '%(name)s' lebih dari %(mb)s MB.")
                % {"name": name, "mb": PHOTO_MAX_BYTES // (1024 * 1024)}
            )
            continue
        kind = _photo_kind(body[:16])
        valid = kind is not None
        pixels = 0
        if valid:
            try:
                with Image.open(io.BytesIO(body)) as image:
                    pixels = image.width * image.height
                    if pixels <= PHOTO_MAX_PIXELS:
                        image.verify()
            except Image.DecompressionBombError:
                pixels = PHOTO_MAX_PIXELS + 1
            except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
                valid = False
        if valid and pixels > PHOTO_MAX_PIXELS:
            errors.append(
                _("Foto '%(name)s' lebih dari %(mp)s megapiksel; kecilkan fotonya.")
                % {"name": name, "mp": PHOTO_MAX_PIXELS // 1_000_000}
            )
            continue
        if not valid or kind is None:
            errors.append(
                _(
                    "Berkas '%(name)s' bukan foto JPG, PNG atau WebP (isi berkas yang "
                    "diperiksa, bukan namanya)."
                )
                % {"name": name}
            )
            continue
        photos.append(
            PhotoUpload(
                name=name,
                content=body,
                suffix=kind[0],
                content_type=kind[1],
                sha256=hashlib.sha256(body).hexdigest(),
            )
        )
    if len(photos) + len(errors) > PHOTOS_PER_VISIT:
        errors.append(_("Paling banyak %(n)s foto per kunjungan.") % {"n": PHOTOS_PER_VISIT})
    if errors:
        raise ValidationError({"photos": errors})
    return photos
