"""The monitoring app's background jobs (discovered by ``TkpkConfig.ready()``). The kind
names are stored on ``Job.kind``: never rename them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from monitoring.indicators.imports import INDICATOR_FILE
from monitoring.indicators.selectors import indicator_batch_job_subject
from monitoring.indicators.services import indicator_batch_commit, indicator_batch_validate
from monitoring.models import IndicatorBatch
from tkpk.tabular.jobs import ImportSteps, uploaded_batch_jobs_register

uploaded_batch_jobs_register(
    table=INDICATOR_FILE,
    steps=ImportSteps(
        model=IndicatorBatch,
        validate=indicator_batch_validate,
        commit=indicator_batch_commit,
        validate_label=_("Validasi unggahan indikator"),
        commit_label=_("Pengesahan unggahan indikator"),
        subject=indicator_batch_job_subject,
    ),
)
