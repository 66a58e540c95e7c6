"""What every uploaded table keeps about itself, from upload to commit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tkpk.models import Region


class UploadedBatch(models.Model):
    """One uploaded file: where it is stored, its digest, how far it got, its counts, the job
    working on it, who uploaded and who committed it. An import's batch adds what it is for
    (a program period) and the counts only it has."""

    class State(models.TextChoices):
        UPLOADED = "uploaded", _("Diunggah")
        VALIDATING = "validating", _("Sedang divalidasi")
        VALIDATED = "validated", _("Siap ditinjau")
        UNREADABLE = "unreadable", _("Berkas tidak dapat dibaca")
        COMMITTED = "committed", _("Disahkan")
        FAILED = "failed", _("Gagal")

    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    file_path = models.CharField(max_length=300)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    sha256 = models.CharField(max_length=64)
    state = models.CharField(max_length=12, choices=State.choices, default=State.UPLOADED)
    # Whole-file problems as codes (``tkpk.tabular.problems``), shown in the reader's language.
    file_errors = models.JSONField(default=list, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_new = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    committed_at = models.DateTimeField(null=True, blank=True)
    job = models.ForeignKey(
        "tkpk.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-uploaded_at", "-id"]
