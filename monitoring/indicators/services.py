"""Writes of poverty indicators: an uploaded file (validated in the background into a
preview, committed all or nothing as a job), a figure typed into the form, and a push over
the API. All three check rows with ``indicator_rows_check`` and store with one upsert on
the (region, indicator, year, period) constraint, so sending the same figures again
changes nothing."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

import pandas as pd
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.indicators.catalogue import SPECS
from monitoring.indicators.imports import (
    COLUMNS,
    INDICATOR_FILE,
    indicator_rows_check,
    writer_scope,
)
from monitoring.models import IndicatorBatch, IndicatorBatchRow, IndicatorValue
from tkpk.jobs import JobError
from tkpk.models import AuditAction, Job, User
from tkpk.roles import Permission
from tkpk.selectors.regions import user_home_region
from tkpk.services.audit import audit_record
from tkpk.services.jobs import Progress
from tkpk.tabular import services as tabular
from tkpk.tabular.files import import_file_open
from tkpk.tabular.problems import file_problem_texts
from tkpk.tabular.reasons import problem_text

logger = logging.getLogger(__name__)

UPSERT_FIELDS = ["value", "unit", "source", "method_version", "batch", "updated_by", "updated_at"]


class IndicatorBatchError(JobError):
    pass


def _values_upsert(
    *, rows: Iterable[dict[str, Any]], user: User, batch: IndicatorBatch | None = None
) -> int:
    """New and changed figures in one INSERT ... ON CONFLICT DO UPDATE (SQLite and
    PostgreSQL alike)."""
    now = timezone.now()
    objects = [
        IndicatorValue(
            region_code=r["region_code"],
            indicator=r["indicator"],
            year=int(r["year"]),
            period=r["period"],
            value=r["value"],
            unit=SPECS[r["indicator"]].unit,
            source=r["source"],
            method_version=r["method_version"],
            batch=batch,
            updated_by=user,
            updated_at=now,
        )
        for r in rows
    ]
    if objects:
        IndicatorValue.objects.bulk_create(
            objects,
            update_conflicts=True,
            unique_fields=["region_code", "indicator", "year", "period"],
            update_fields=UPSERT_FIELDS,
        )
    return len(objects)


def _counts(outcomes: pd.Series) -> dict[str, int]:
    found = outcomes.value_counts().to_dict()
    return {k: int(found.get(k, 0)) for k in ("new", "changed", "unchanged", "rejected")}


# ---------------------------------------------------------------------------- typed in / pushed


@dataclass(frozen=True)
class ValueInput:
    region_code: str
    indicator: str
    year: str | int
    period: str
    value: str
    source: str
    method_version: str = ""


@dataclass(frozen=True)
class RowsRefused(Exception):
    """Rows refused: ``problems`` are (row, column, value, reason)."""

    problems: list[dict[str, Any]]


def _frame(values: list[ValueInput]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row_number": list(range(1, len(values) + 1)),
            "kode_wilayah": [str(v.region_code) for v in values],
            "indikator": [str(v.indicator) for v in values],
            "tahun": [str(v.year) for v in values],
            "periode": [str(v.period) for v in values],
            "nilai": [str(v.value) for v in values],
            "sumber": [str(v.source) for v in values],
            "versi_metode": [str(v.method_version) for v in values],
        },
        dtype=object,
    )


def indicator_values_store(
    *, user: User, values: list[ValueInput], ip: str | None = None, via: str = "form"
) -> dict[str, int]:
    """Store typed or pushed figures: every row valid or nothing stored (``RowsRefused``
    names each refused row). Returns the counts new / changed / unchanged."""
    scope = writer_scope(user=user)
    if not scope.own_roots:
        raise PermissionDenied
    if not values:
        raise RowsRefused([{"row": 0, "column": "", "value": "", "message": _("Tidak ada baris.")}])
    with transaction.atomic():
        checked = indicator_rows_check(_frame(values), scope=scope)
        refused = checked[checked["outcome"] == "rejected"]
        if len(refused):
            raise RowsRefused(
                [
                    {"row": int(r["row_number"]), **problem, "message": problem_text(problem)}
                    for _i, r in refused.iterrows()
                    for problem in r["errors"]
                ]
            )
        writes = checked[checked["outcome"].isin(["new", "changed"])]
        _values_upsert(rows=writes.to_dict("records"), user=user)
        counts = _counts(checked["outcome"])
        if len(writes):
            audit_record(
                actor=user,
                action=AuditAction.INDICATOR_CHANGED,
                object_type="monitoring.indicatorvalue",
                object_label=", ".join(
                    f"{r['region_code']} {r['indicator']} {int(r['year'])} {r['period']}"
                    for r in writes.head(5).to_dict("records")
                )[:200],
                region_code=scope.own_roots[0],
                ip=ip,
                detail={
                    "via": via,
                    **counts,
                    "rows": [
                        {
                            "region": r["region_code"],
                            "indicator": r["indicator"],
                            "year": int(r["year"]),
                            "period": r["period"],
                            "value": str(r["value"]),
                            "before": None
                            if r["previous_value"] is None
                            else str(r["previous_value"]),
                        }
                        for r in writes.head(50).to_dict("records")
                    ],
                },
            )
    return counts


# ---------------------------------------------------------------------------- uploaded files


def indicator_batch_upload(
    *, user: User, upload: IO[bytes], filename: str, queue_validation: bool = True
) -> IndicatorBatch:
    """Store the file under the uploader's region and queue its validation."""
    region = user_home_region(user=user, permission=Permission.MANAGE_MONITORING)
    stored = tabular.upload_store(table=INDICATOR_FILE, upload=upload, filename=filename)
    return tabular.uploaded_batch_create(
        model=IndicatorBatch, upload=stored, user=user, region=region, queue=queue_validation
    )


def indicator_batch_validate(*, batch: IndicatorBatch, progress: Progress | None = None) -> None:
    """Check every row and write the preview; stored figures are not touched. Validating
    again replaces the previous preview."""
    tabular.uploaded_batch_validate(
        batch=batch, validate=lambda: _validated(batch=batch, progress=progress)
    )


def _validated(*, batch: IndicatorBatch, progress: Progress | None) -> int:
    progress = progress or (lambda *a, **k: None)
    found = import_file_open(tabular.uploaded_batch_path(batch=batch), table=INDICATOR_FILE)
    scope = writer_scope(user=batch.uploaded_by)
    progress(0, None, _("Membaca berkas…"))
    frames = []
    for chunk in found.chunks():
        frames.append(chunk)
    # Indicator files are small (every regency of the country for ten years and nine
    # indicators is about 50,000 rows): checked as one frame, so a row repeated across
    # chunks is found like any other.
    frame = pd.concat(frames, ignore_index=True)
    checked = indicator_rows_check(frame, scope=scope)
    counts = _counts(checked["outcome"])
    with transaction.atomic():
        IndicatorBatchRow.objects.filter(batch=batch).delete()
        IndicatorBatchRow.objects.bulk_create(
            (
                IndicatorBatchRow(
                    batch=batch,
                    row_number=int(r["row_number"]),
                    outcome=r["outcome"],
                    errors=r["errors"],
                    region_code=r["region_code"],
                    indicator=r["indicator"],
                    year=None if pd.isna(r["year"]) else int(r["year"]),
                    period=r["period"],
                    value=r["value"],
                    previous_value=r["previous_value"],
                    source=r["source"],
                    method_version=r["method_version"],
                    raw=r["raw"],
                )
                for r in checked.to_dict("records")
            ),
            batch_size=2000,
        )
        IndicatorBatch.objects.filter(pk=batch.pk).update(
            state=IndicatorBatch.State.VALIDATED,
            file_errors=found.warnings,
            rows_total=len(checked),
            rows_new=counts["new"],
            rows_changed=counts["changed"],
            rows_unchanged=counts["unchanged"],
            rows_rejected=counts["rejected"],
        )
    progress(len(checked), len(checked))
    return len(checked)


def indicator_batch_file_messages(*, batch: IndicatorBatch) -> tuple[list[str], list[str]]:
    if batch.state == IndicatorBatch.State.UNREADABLE:
        return file_problem_texts(batch.file_errors), []
    return [], file_problem_texts(batch.file_errors)


def _commit_allowed(*, batch: IndicatorBatch, user: User) -> None:
    tabular.uploaded_batch_commit_check(
        table=INDICATOR_FILE, batch=batch, user=user, error=IndicatorBatchError
    )


def indicator_batch_commit_request(*, batch: IndicatorBatch, user: User, ip: str | None) -> Job:
    _commit_allowed(batch=batch, user=user)
    return tabular.uploaded_batch_commit_queue(table=INDICATOR_FILE, batch=batch, user=user, ip=ip)


def indicator_batch_commit(*, batch_id: int, user: User, ip: str | None = None) -> IndicatorBatch:
    """Store the preview's new and changed figures in one transaction, or nothing. The rows
    are checked again against the figures stored now and the committer's scope: a figure
    that changed since the preview, or a row the committer may not write, refuses the whole
    commit with the row named."""
    with transaction.atomic():
        batch = IndicatorBatch.objects.select_for_update().get(pk=batch_id)
        _commit_allowed(batch=batch, user=user)
        rows = list(
            IndicatorBatchRow.objects.filter(batch=batch)
            .exclude(outcome=IndicatorBatchRow.Outcome.REJECTED)
            .values("row_number", "raw")
        )
        frame = pd.DataFrame(
            [
                {"row_number": r["row_number"], **{c: r["raw"].get(c, "") for c in COLUMNS}}
                for r in rows
            ],
            columns=["row_number", *COLUMNS],
        )
        if len(frame):
            checked = indicator_rows_check(frame, scope=writer_scope(user=user))
            refused = checked[checked["outcome"] == "rejected"]
            if len(refused):
                first = refused.iloc[0]
                problem = first["errors"][0]
                raise IndicatorBatchError(
                    _("Baris %(row)s, kolom %(column)s: %(message)s Validasi ulang berkas ini.")
                    % {
                        "row": int(first["row_number"]),
                        "column": problem["column"],
                        "message": problem_text(problem),
                    }
                )
            writes = checked[checked["outcome"].isin(["new", "changed"])]
            written = _values_upsert(rows=writes.to_dict("records"), user=user, batch=batch)
        else:
            written = 0
        tabular.uploaded_batch_committed(
            table=INDICATOR_FILE,
            batch=batch,
            user=user,
            now=timezone.now(),
            ip=ip,
            detail={"written": written, "rejected": batch.rows_rejected},
        )
    logger.info("indicator file committed", extra={"batch_id": batch_id, "written": written})
    batch.refresh_from_db()
    return batch
