"""Where a complaint's attachments are kept; what a file may be is checked by
``tkpk.attachments``."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from tkpk.attachments import CheckedFile

MAX_FILES = 3


def attachment_store(checked: CheckedFile) -> Path:
    """Write under PRIVATE_MEDIA_ROOT (outside the web root); the caller removes the file
    again when the surrounding transaction fails."""
    folder = settings.PRIVATE_MEDIA_ROOT / "complaints" / timezone.now().strftime("%Y/%m")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{checked.extension}"
    path.write_bytes(checked.content)
    return path
