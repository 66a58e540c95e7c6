"""The monitoring app's background jobs (discovered by ``TkpkConfig.ready()``). The kind
names are stored on ``Job.kind``: never rename them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from monitoring.indicators.selectors import indicator_batch_job_subject
from monitoring.indicators.services import (
    indicator_batch_commit_run,
    indicator_batch_validate_run,
)
from tkpk.jobs import register_job_kind

register_job_kind(
    "indicator_batch_validate",
    handler=indicator_batch_validate_run,
    label=_("Validasi unggahan indikator"),
    subject=indicator_batch_job_subject,
)
register_job_kind(
    "indicator_batch_commit",
    handler=indicator_batch_commit_run,
    label=_("Pengesahan unggahan indikator"),
    subject=indicator_batch_job_subject,
)
