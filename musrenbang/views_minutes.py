"""The berita acara of a forum: the PDF built from the forum's data, the signed scan
uploaded back (checked by content, kept outside the web root) and downloaded, audited."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from musrenbang import selectors as sel
from musrenbang.forms import MinutesSignedForm
from musrenbang.minutes import forum_minutes, forum_minutes_pdf
from musrenbang.services.minutes import (
    forum_minutes_downloaded,
    forum_minutes_path,
    forum_minutes_sign,
)
from musrenbang.views import musrenbang_required
from tkpk.services.audit import request_ip
from tkpk.views.decorators import AuthenticatedRequest

CONTENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png"}


@musrenbang_required
def forum_minutes_pdf_view(request: AuthenticatedRequest, forum_id: int) -> HttpResponse:
    forum = sel.forum_get_for_user(user=request.user, forum_id=forum_id)
    content = forum_minutes_pdf(minutes=forum_minutes(forum=forum))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="berita-acara-forum-{forum.pk}.pdf"'
    return response


@require_POST
@musrenbang_required
def forum_minutes_sign_view(request: AuthenticatedRequest, forum_id: int) -> HttpResponse:
    forum = sel.forum_get_for_user(user=request.user, forum_id=forum_id)
    form = MinutesSignedForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas pindaian berita acara."))
    else:
        scan = form.cleaned_data["scan"]
        try:
            forum_minutes_sign(user=request.user, forum=forum, upload=scan, filename=scan.name)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Berita acara bertanda tangan tersimpan; hasil forum kini terkunci.")
            )
    return redirect("musrenbang:forum-detail", forum_id=forum.pk)


@musrenbang_required
def forum_minutes_signed_view(request: AuthenticatedRequest, forum_id: int) -> FileResponse:
    forum = sel.forum_get_for_user(user=request.user, forum_id=forum_id)
    path = forum_minutes_path(forum=forum)
    if path is None:
        raise Http404
    forum_minutes_downloaded(user=request.user, forum=forum, ip=request_ip(request))
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=forum.signed_minutes_name or path.name,
        content_type=CONTENT_TYPES.get(path.suffix, "application/octet-stream"),
    )
