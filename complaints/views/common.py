"""What the public form and the back-office form share: the uploaded files and the
service's reasons placed on the form."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from complaints.services import UploadedFile
from tkpk.attachments import MAX_BYTES

# Inputs drawn outside the Django form (the village picker, the file input) carry their
# errors in their own lists.
OWN_ERROR_LISTS = {"attachments": "attachment_errors", "village": "village_errors"}


def uploaded_files(request: HttpRequest) -> list[UploadedFile]:
    # Each file is read at most one byte past the limit: a huge upload is refused, not kept.
    return [
        UploadedFile(name=f.name or "", content=f.read(MAX_BYTES + 1))
        for f in request.FILES.getlist("lampiran")
        if f.name
    ]


def apply_errors(form: Any, exc: ValidationError) -> None:
    for field, problems in exc.message_dict.items():
        target = field if field in form.fields else None
        if field in OWN_ERROR_LISTS:
            setattr(form, OWN_ERROR_LISTS[field], problems)
            continue
        for problem in problems:
            form.add_error(target, problem)
