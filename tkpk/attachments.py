"""Checks of an uploaded photo or PDF (complaint attachments, realisation evidence, signed
minutes): the type is read from the content, never the name. A photo must not
claim more pixels than a photo has nor carry markup or script; a PDF must not carry scripts,
launch actions or embedded files (operators open attachments in desktop readers)."""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tkpk.uploads import upload_display_name

MAX_BYTES = 5 * 1024 * 1024
# Phone cameras save 12-50 megapixels; a few hundred bytes can claim billions (a PNG header
# is only a claim), which decoding or a thumbnail would try to allocate.
MAX_PIXELS = 50_000_000

# (magic at offset 0, optional second magic at offset 8, extension, content type)
SIGNATURES: list[tuple[bytes, bytes, str, str]] = [
    (b"\xff\xd8\xff", b"", ".jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", b"", ".png", "image/png"),
    (b"RIFF", b"WEBP", ".webp", "image/webp"),
    (b"%PDF-", b"", ".pdf", "application/pdf"),
]
# Markup that makes an "image" a web page or a script where something sniffs it. Tokens of
# six bytes or more (case-insensitive): shorter ones turn up by chance in compressed pixels.
_MARKUP_IN_IMAGE = re.compile(
    rb"<\?php|<script|<iframe|<object|<html[\s>]|<!doctype|javascript:", re.IGNORECASE
)

# What makes a PDF do something when it is opened or clicked, rather than show a page
# (the names pdfid flags, less those ordinary readers' output carries, such as /OpenAction
# for the first view).
PDF_ACTIVE_NAMES = {
    b"JavaScript",
    b"JS",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"RichMedia",
    b"XFA",
}
# A PDF name: "/" then regular characters, any of them possibly written as #xx.
_PDF_NAME = re.compile(rb"/((?:[^\x00\t\n\x0c\r ()<>\[\]{}/%#]|#[0-9A-Fa-f]{2})+)")
_PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"stream\r?\n")
# Object streams (PDF 1.5) hold dictionaries compressed, out of sight of a byte search;
# they are inflated up to this much in all.
PDF_INFLATE_BUDGET = 20 * 1024 * 1024


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
    """A photo (JPEG, PNG, WebP) or a PDF of at most 5 MB, judged by its content."""
    display = upload_display_name(name, default=_("lampiran"))
    if len(content) > MAX_BYTES:
        raise ValidationError(
            _("Lampiran %(name)s lebih dari %(mb)s MB.")
            % {"name": display, "mb": MAX_BYTES // (1024 * 1024)}
        )
    if not content:
        raise ValidationError(_("Lampiran %(name)s kosong.") % {"name": display})
    for magic, second, extension, content_type in SIGNATURES:
        if content.startswith(magic) and (not second or content[8:12] == second):
            if content_type.startswith("image/"):
                _image_checked(display, content)
            else:
                _pdf_checked(display, content)
            return CheckedFile(display, content, extension, content_type)
    raise ValidationError(
        _(
            "Lampiran %(name)s bukan foto (JPG, PNG, WebP) atau PDF menurut isinya; "
            "berkas lain ditolak walau namanya berakhiran .jpg atau .pdf."
        )
        % {"name": display}
    )


def _image_checked(display: str, content: bytes) -> None:
    """An image is refused for what would harm the people who open it: a header claiming
    more pixels than a photo has, or markup and script after image magic bytes (a file
    that is a web page or a PHP script to anything that sniffs it). A merely damaged image
    is kept: it shows broken, and hurts no one."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        width, height = MAX_PIXELS, MAX_PIXELS
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        width = height = 0
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _(
                "Lampiran %(name)s terlalu besar ukuran gambarnya (lebih dari %(mp)s megapiksel); "
                "kecilkan fotonya lalu kirim lagi."
            )
            % {"name": display, "mp": MAX_PIXELS // 1_000_000}
        )
    if _MARKUP_IN_IMAGE.search(content):
        raise ValidationError(
            _(
                "Lampiran %(name)s diawali seperti foto tetapi berisi kode halaman web atau "
                "skrip; berkas seperti itu ditolak."
            )
            % {"name": display}
        )


def _pdf_checked(display: str, content: bytes) -> None:
    found = pdf_active_content(content)
    if found:
        raise ValidationError(
            _(
                "Lampiran %(name)s berisi skrip, perintah atau berkas tersisip (/%(what)s); PDF "
                "seperti itu ditolak. Kirim foto dokumennya atau PDF hasil cetak biasa."
            )
            % {"name": display, "what": found}
        )


def pdf_active_content(content: bytes) -> str:
    """The first name that makes the PDF act (JavaScript, Launch, ...), looked for in the file
    and inside its object streams, or ""."""
    found = _active_name(content)
    if found:
        return found
    budget = PDF_INFLATE_BUDGET
    view = memoryview(content)
    for match in _PDF_STREAM.finditer(content):
        dictionary = content[max(0, match.start() - 512) : match.start()]
        if b"ObjStm" not in _names_decoded(dictionary):
            continue
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(view[match.end() :], budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        found = _active_name(inflated)
        if found or budget <= 0:
            # A file that hides more than the budget in object streams is not a plain PDF.
            return found or "ObjStm"
    return ""


def _active_name(data: bytes) -> str:
    for name in _names_decoded(data):
        if name in PDF_ACTIVE_NAMES:
            return name.decode()
    return ""


def _names_decoded(data: bytes) -> list[bytes]:
    return [
        _PDF_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw) for raw in _PDF_NAME.findall(data)
    ]
