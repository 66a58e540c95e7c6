"""The signed berita acara of a forum: a scan (PDF, JPEG or PNG, judged by its content)
kept outside the web root; once it is in, the forum's results are locked (attendance
closed, its proposals change only as recorded amendments)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from musrenbang.models import Forum
from musrenbang.services.forums import forum_may_write
from tkpk.attachments import MAX_BYTES, attachment_check
from tkpk.models import AuditAction, User
from tkpk.services.audit import audit_record

MINUTES_TYPES = {"application/pdf", "image/jpeg", "image/png"}
MINUTES_FOLDER = Path("musrenbang") / "minutes"


def forum_minutes_sign(*, user: User, forum: Forum, upload: IO[bytes], filename: str) -> Forum:
    """Keep the signed scan of the forum's berita acara; the forum's results lock."""
    if not forum_may_write(user=user, forum=forum):
        raise ValidationError(_("Forum tidak ditemukan."))
    content = upload.read(MAX_BYTES + 1)
    checked = attachment_check(name=filename, content=content)
    if checked.content_type not in MINUTES_TYPES:
        raise ValidationError(_("Berita acara harus berkas PDF, JPG atau PNG menurut isinya."))
    relative = MINUTES_FOLDER / f"forum-{forum.pk}-{uuid.uuid4().hex}{checked.extension}"
    target = settings.PRIVATE_MEDIA_ROOT / relative
    with transaction.atomic():
        locked = Forum.objects.select_for_update().get(pk=forum.pk)
        if locked.signed_minutes_at is not None:
            raise ValidationError(
                _("Berita acara bertanda tangan forum ini sudah diunggah; hasil forum terkunci.")
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(checked.content)
        try:
            Forum.objects.filter(pk=forum.pk).update(
                signed_minutes_path=str(relative),
                signed_minutes_name=checked.name,
                signed_minutes_at=timezone.now(),
                signed_minutes_by=user,
            )
            audit_record(
                actor=user,
                action=AuditAction.MUSRENBANG_MINUTES_SIGNED,
                target=locked,
                region_code=locked.region_id,
                detail={"file": checked.name, "sha256": checked.sha256},
            )
        except Exception:
            target.unlink(missing_ok=True)
            raise
    locked.refresh_from_db()
    return locked


def forum_minutes_path(*, forum: Forum) -> Path | None:
    """The stored scan, if any, and only inside the private folder."""
    if not forum.signed_minutes_path:
        return None
    root = settings.PRIVATE_MEDIA_ROOT.resolve()
    path = (settings.PRIVATE_MEDIA_ROOT / forum.signed_minutes_path).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def forum_minutes_downloaded(*, user: User, forum: Forum, ip: str | None) -> None:
    audit_record(
        actor=user,
        action=AuditAction.MUSRENBANG_MINUTES_DOWNLOADED,
        target=forum,
        region_code=forum.region_id,
        ip=ip,
        detail={"file": forum.signed_minutes_name},
    )
