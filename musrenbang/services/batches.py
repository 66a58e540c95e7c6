"""Uploads of proposals and of sign-in sheets: store, validate in the background into a
preview, commit all or nothing as a job.

Validation stages the checked cells (``musrenbang.imports``), then one ``INSERT ... SELECT``
finds rows repeated in the file (same natural key, the first one stands) and rows already
in the database, classifies each row and writes the preview. A commit is one
``INSERT ... SELECT`` of the new rows that skips any key present by then, under a lock on
the planning year (proposals) or the forum (attendance): committing the same file again,
or two files with the same rows at once, adds nothing twice.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from musrenbang.imports.attendance import ATTENDANCE_SHEET
from musrenbang.imports.attendance import STAGED as ATTENDANCE_STAGED
from musrenbang.imports.attendance import chunk_check as attendance_chunk_check
from musrenbang.imports.proposals import PROPOSAL_SHEET
from musrenbang.imports.proposals import STAGED as PROPOSAL_STAGED
from musrenbang.imports.proposals import chunk_check as proposal_chunk_check
from musrenbang.models import (
    Attendance,
    AttendanceBatch,
    AttendanceBatchRow,
    Forum,
    PlanningYear,
    Proposal,
    ProposalBatch,
    ProposalBatchRow,
    Stage,
)
from musrenbang.selectors import musrenbang_may_propose, musrenbang_roots, musrenbang_scope_q
from musrenbang.services.common import stage_of_kind, stage_require_open
from musrenbang.services.forums import forum_may_write, forum_require_unsigned
from tkpk.bulk import analyze_if_large, bulk_session, is_postgres, staging_copy_csv, staging_table
from tkpk.jobs import JobError
from tkpk.models import Job, Region, User
from tkpk.services.jobs import Progress
from tkpk.tabular import services as tabular
from tkpk.tabular.files import import_file_open
from tkpk.tabular.models import UploadedBatch
from tkpk.tabular.problems import file_problem_texts
from tkpk.tabular.spec import TableImport

logger = logging.getLogger(__name__)

STAGE = "musrenbang_import_stage"


class MusrenbangBatchError(JobError):
    pass


# ---------------------------------------------------------------------------- upload


def _proposal_stage(planning_year: PlanningYear, forum: Forum | None) -> Stage:
    return forum.stage if forum is not None else stage_of_kind(planning_year, Stage.Kind.MUSDES)


def _upload_region(user: User, planning_year: PlanningYear) -> Region:
    """Where the uploader proposes inside the year's regency: the regency for those above
    or at it, else their own district or village."""
    regency = planning_year.region_id
    for root in musrenbang_roots(user):
        if regency == root or regency.startswith(root + "."):
            return planning_year.region
        if root.startswith(regency + "."):
            return Region.objects.get(code=root)
    raise ValidationError(_("Tahun perencanaan tidak ditemukan."))


def proposal_batch_upload(
    *,
    user: User,
    planning_year: PlanningYear,
    upload: IO[bytes],
    filename: str,
    forum: Forum | None = None,
    queue_validation: bool = True,
) -> ProposalBatch:
    """Store a sheet of proposals and queue its validation; refused at once when the stage
    the proposals would enter is closed."""
    region = _upload_region(user, planning_year)
    if forum is not None and (
        forum.planning_year_id != planning_year.pk
        or not musrenbang_may_propose(user, forum.region_id)
    ):
        raise ValidationError({"forum": [_("Forum tidak ditemukan.")]})
    stage_require_open(_proposal_stage(planning_year, forum))
    stored = tabular.upload_store(table=PROPOSAL_SHEET, upload=upload, filename=filename)
    return tabular.uploaded_batch_create(
        model=ProposalBatch,
        upload=stored,
        user=user,
        region=region,
        queue=queue_validation,
        planning_year=planning_year,
        forum=forum,
    )


def attendance_batch_upload(
    *, user: User, forum: Forum, upload: IO[bytes], filename: str, queue_validation: bool = True
) -> AttendanceBatch:
    if not forum_may_write(user=user, forum=forum):
        raise ValidationError(_("Forum tidak ditemukan."))
    stage_require_open(forum.stage)
    forum_require_unsigned(forum)
    stored = tabular.upload_store(table=ATTENDANCE_SHEET, upload=upload, filename=filename)
    return tabular.uploaded_batch_create(
        model=AttendanceBatch,
        upload=stored,
        user=user,
        region=forum.region,
        queue=queue_validation,
        forum=forum,
    )


# ---------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class _Import:
    table: TableImport
    rows: type[Model]
    staged: list[str]
    # Typed columns of the preview rows: column -> SQL expression over the staged text "s".
    typed: dict[str, str]
    # The natural key of a row without problems, over the staged text "s".
    key: str
    # "Already there", over a classified row "d"; its parameters come from the batch.
    existing: str
    # The column a repeated row is reported against.
    key_column: str


def _text(column: str) -> str:
    return f"COALESCE(s.{column}, '')"


def _number(column: str, sql_type: str) -> str:
    return f"CAST(NULLIF(COALESCE(s.{column}, ''), '') AS {sql_type})"


def _flag(column: str) -> str:
    return f"CASE COALESCE(s.{column}, '') WHEN '1' THEN {_true()} WHEN '0' THEN {_false()} END"


def _true() -> str:
    return "TRUE" if is_postgres() else "1"


def _false() -> str:
    return "FALSE" if is_postgres() else "0"


def _json(expression: str) -> str:
    return f"CAST({expression} AS jsonb)" if is_postgres() else expression


def _proposal_import() -> _Import:
    proposal = connection.ops.quote_name(Proposal._meta.db_table)
    return _Import(
        table=PROPOSAL_SHEET,
        rows=ProposalBatchRow,
        staged=PROPOSAL_STAGED,
        typed={
            "village_code": _text("village_code"),
            "title": _text("title"),
            "problem": _text("problem"),
            "rt": _text("rt"),
            "rw": _text("rw"),
            "is_physical": _flag("is_physical"),
            "field_of_affairs": _text("field_of_affairs"),
            "volume": _number("volume", "NUMERIC(12, 2)"),
            "unit": _text("unit"),
            "estimated_cost": _number("estimated_cost", "BIGINT"),
            "beneficiaries": _number("beneficiaries", "INTEGER"),
            "beneficiary_kind": _text("beneficiary_kind"),
            "rank_in_forum": _number("rank_in_forum", "INTEGER"),
        },
        key="s.village_code || '|' || LOWER(s.title)",
        existing=(
            f"EXISTS (SELECT 1 FROM {proposal} p WHERE p.planning_year_id = %s"
            " AND p.village_id = d.village_code AND LOWER(p.title) = LOWER(d.title))"
        ),
        key_column="judul",
    )


def _attendance_import() -> _Import:
    attendance = connection.ops.quote_name(Attendance._meta.db_table)
    return _Import(
        table=ATTENDANCE_SHEET,
        rows=AttendanceBatchRow,
        staged=ATTENDANCE_STAGED,
        typed={
            "name": _text("name"),
            "institution": _text("institution"),
            "element": _text("element"),
            "sex": _text("sex"),
            "has_disability": _flag("has_disability"),
            "represents_poor": _flag("represents_poor"),
        },
        key="LOWER(s.name) || '|' || LOWER(s.institution)",
        existing=(
            f"EXISTS (SELECT 1 FROM {attendance} a WHERE a.forum_id = %s"
            " AND LOWER(a.name) = LOWER(d.name) AND LOWER(a.institution) = LOWER(d.institution))"
        ),
        key_column="nama",
    )


def _classify(cursor: Any, *, spec: _Import, batch_id: int, existing_params: list[Any]) -> None:
    """One statement: type the staged text, find repeats and rows already there, write the
    preview rows with their outcome."""
    rows = connection.ops.quote_name(spec.rows._meta.db_table)
    template = _("Baris ganda: sama dengan baris %(first)s")
    before, _sep, after = template.partition("%(first)s")
    before, after = json.dumps(before)[1:-1], json.dumps(after)[1:-1]
    duplicate = (
        f'\'[{{"column": "{spec.key_column}", "value": "", "message": "\' || %s'
        " || CAST(d.first_row AS TEXT) || %s || '\"}]'"
    )
    typed = list(spec.typed)
    sql = f"""
        INSERT INTO {rows} (batch_id, row_number, outcome, errors, raw, {", ".join(typed)})
        SELECT %s, d.row_number,
               CASE WHEN d.errors <> '[]' OR d.first_row < d.row_number THEN 'rejected'
                    WHEN {spec.existing} THEN 'unchanged' ELSE 'new' END,
               {
        _json(
            "CASE WHEN d.errors <> '[]' THEN d.errors "
            f"WHEN d.first_row < d.row_number THEN {duplicate} ELSE '[]' END"
        )
    },
               {_json("d.raw")},
               {", ".join(f"d.{c}" for c in typed)}
        FROM (
            SELECT t.*,
                   CASE WHEN t.errors = '[]'
                        THEN MIN(t.row_number) OVER (PARTITION BY t.natural_key)
                        ELSE t.row_number END AS first_row
            FROM (
                SELECT CAST(s.row_number AS INTEGER) AS row_number,
                       COALESCE(s.errors, '[]') AS errors, COALESCE(s.raw, '{{}}') AS raw,
                       {", ".join(f"{expr} AS {c}" for c, expr in spec.typed.items())},
                       {spec.key} AS natural_key
                FROM {STAGE} s
            ) t
        ) d
    """
    cursor.execute(sql, [batch_id, *existing_params, before, after])


def _batch_counts(*, spec: _Import, batch_id: int) -> dict[str, int]:
    counts = {
        row["outcome"]: row["n"]
        for row in spec.rows._default_manager.filter(batch_id=batch_id)
        .values("outcome")
        .annotate(n=Count("id"))
        .order_by()
    }
    new, unchanged, rejected = (counts.get(k, 0) for k in ("new", "unchanged", "rejected"))
    return {
        "rows_total": new + unchanged + rejected,
        "rows_new": new,
        "rows_unchanged": unchanged,
        "rows_rejected": rejected,
    }


def _validated(
    *,
    spec: _Import,
    batch: UploadedBatch,
    check: Callable[[Any], Any],
    existing_params: list[Any],
    progress: Progress | None,
) -> int:
    progress = progress or (lambda *a, **k: None)
    found = import_file_open(tabular.uploaded_batch_path(batch=batch), table=spec.table)
    progress(0, None, _("Membaca berkas…"))
    with transaction.atomic(), connection.cursor() as cursor:
        bulk_session(cursor)
        spec.rows._default_manager.filter(batch_id=batch.pk).delete()
        with staging_table(cursor, name=STAGE, columns=[(c, "text") for c in spec.staged]):
            staged = 0
            for chunk in found.chunks():
                rows = check(chunk)
                staged += staging_copy_csv(
                    cursor, table=STAGE, columns=spec.staged, csv_text=rows.to_csv(index=False)
                )
                progress(staged, None, _("Membaca berkas…"))
            _classify(cursor, spec=spec, batch_id=batch.pk, existing_params=existing_params)
        analyze_if_large(cursor, spec.rows._meta.db_table, rows=staged)
        type(batch)._default_manager.filter(pk=batch.pk).update(
            state=UploadedBatch.State.VALIDATED,
            file_errors=found.warnings,
            **_batch_counts(spec=spec, batch_id=batch.pk),
        )
    return staged


def proposal_batch_villages(*, batch: ProposalBatch) -> set[str]:
    """The villages the uploader may propose for through this batch: under the batch's
    region (and the forum's, if one is named), inside their own scope."""
    rows = Region.objects.filter(
        musrenbang_scope_q(batch.uploaded_by, field="code"), level=Region.Level.VILLAGE
    )
    for root in [batch.region_id, *([batch.forum.region_id] if batch.forum else [])]:
        rows = rows.filter(Q(code=root) | Q(code__startswith=root + "."))
    return set(rows.values_list("code", flat=True))


def proposal_batch_validate(*, batch: ProposalBatch, progress: Progress | None = None) -> None:
    """Check the sheet and write its preview rows; proposals are not touched. Validating
    again replaces the previous preview."""
    villages = proposal_batch_villages(batch=batch)
    tabular.uploaded_batch_validate(
        batch=batch,
        validate=lambda: _validated(
            spec=_proposal_import(),
            batch=batch,
            check=lambda chunk: proposal_chunk_check(chunk, villages=villages),
            existing_params=[batch.planning_year_id],
            progress=progress,
        ),
    )


def attendance_batch_validate(*, batch: AttendanceBatch, progress: Progress | None = None) -> None:
    tabular.uploaded_batch_validate(
        batch=batch,
        validate=lambda: _validated(
            spec=_attendance_import(),
            batch=batch,
            check=attendance_chunk_check,
            existing_params=[batch.forum_id],
            progress=progress,
        ),
    )


def batch_file_messages(*, batch: UploadedBatch) -> tuple[list[str], list[str]]:
    """(errors, warnings) about the file as a whole, in the reader's language."""
    if batch.state == UploadedBatch.State.UNREADABLE:
        return file_problem_texts(batch.file_errors), []
    return [], file_problem_texts(batch.file_errors)


# ---------------------------------------------------------------------------- commit


def _commit_allowed(*, batch: UploadedBatch, user: User, table: TableImport) -> None:
    if not musrenbang_may_propose(user, batch.region_id):
        raise MusrenbangBatchError(_("Unggahan ini tidak ditemukan."))
    if batch.state != UploadedBatch.State.VALIDATED:
        raise MusrenbangBatchError(_(table.not_ready) % batch.get_state_display())


def proposal_batch_commit(*, batch_id: int, user: User, ip: str | None = None) -> ProposalBatch:
    """Add the sheet's new rows as proposals in one transaction, or nothing at all."""
    proposal = connection.ops.quote_name(Proposal._meta.db_table)
    rows = connection.ops.quote_name(ProposalBatchRow._meta.db_table)
    with transaction.atomic():
        batch = (
            ProposalBatch.objects.select_for_update(of=("self",))
            .select_related("planning_year", "forum__stage")
            .get(pk=batch_id)
        )
        _commit_allowed(batch=batch, user=user, table=PROPOSAL_SHEET)
        PlanningYear.objects.select_for_update().filter(pk=batch.planning_year_id).first()
        stage = _proposal_stage(batch.planning_year, batch.forum)
        try:
            stage_require_open(Stage.objects.get(pk=stage.pk))
        except ValidationError as exc:
            raise MusrenbangBatchError(" ".join(exc.messages)) from exc
        now = timezone.now()
        with connection.cursor() as cursor:
            bulk_session(cursor)
            cursor.execute(
                f"""
                INSERT INTO {proposal} (planning_year_id, stage_id, forum_id, rank_in_forum,
                    title, problem, village_id, rt, rw, is_physical, field_of_affairs, strategy,
                    volume, unit, estimated_cost, beneficiaries, beneficiary_kind, status,
                    status_reason, review, review_reason, renja_program, renja_activity,
                    renja_sub_activity, fate, fate_reason, created_by_id, created_at,
                    updated_at)
                SELECT %s, %s, %s, r.rank_in_forum, r.title, r.problem, r.village_code, r.rt,
                       r.rw, r.is_physical, r.field_of_affairs, '', r.volume, r.unit,
                       r.estimated_cost, r.beneficiaries, r.beneficiary_kind, 'proposed', '',
                       '', '', '', '', '', '', '', %s, %s, %s
                FROM {rows} r
                WHERE r.batch_id = %s AND r.outcome = 'new'
                  AND NOT EXISTS (SELECT 1 FROM {proposal} p
                                  WHERE p.planning_year_id = %s AND p.village_id = r.village_code
                                    AND LOWER(p.title) = LOWER(r.title))
                ORDER BY r.row_number
                """,
                [
                    batch.planning_year_id,
                    stage.pk,
                    batch.forum_id,
                    user.pk,
                    now,
                    now,
                    batch.pk,
                    batch.planning_year_id,
                ],
            )
            added = cursor.rowcount
        tabular.uploaded_batch_committed(
            table=PROPOSAL_SHEET,
            batch=batch,
            user=user,
            now=now,
            ip=ip,
            detail={
                "planning_year": batch.planning_year.year,
                "added": added,
                "unchanged": batch.rows_unchanged,
                "rejected": batch.rows_rejected,
            },
        )
    batch.refresh_from_db()
    return batch


def attendance_batch_commit(*, batch_id: int, user: User, ip: str | None = None) -> AttendanceBatch:
    """Add the sheet's new people to the forum's attendance in one transaction."""
    attendance = connection.ops.quote_name(Attendance._meta.db_table)
    rows = connection.ops.quote_name(AttendanceBatchRow._meta.db_table)
    with transaction.atomic():
        batch = (
            AttendanceBatch.objects.select_for_update(of=("self",))
            .select_related("forum")
            .get(pk=batch_id)
        )
        _commit_allowed(batch=batch, user=user, table=ATTENDANCE_SHEET)
        forum = Forum.objects.select_for_update().select_related("stage").get(pk=batch.forum_id)
        if not forum_may_write(user=user, forum=forum):
            raise MusrenbangBatchError(_("Forum tidak ditemukan."))
        try:
            stage_require_open(forum.stage)
            forum_require_unsigned(forum)
        except ValidationError as exc:
            raise MusrenbangBatchError(" ".join(exc.messages)) from exc
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {attendance} (forum_id, name, institution, element, sex,
                    has_disability, represents_poor, is_delegate)
                SELECT %s, r.name, r.institution, r.element, r.sex, r.has_disability,
                       r.represents_poor, {_false()}
                FROM {rows} r
                WHERE r.batch_id = %s AND r.outcome = 'new'
                  AND NOT EXISTS (SELECT 1 FROM {attendance} a
                                  WHERE a.forum_id = %s AND LOWER(a.name) = LOWER(r.name)
                                    AND LOWER(a.institution) = LOWER(r.institution))
                ORDER BY r.row_number
                """,
                [forum.pk, batch.pk, forum.pk],
            )
            added = cursor.rowcount
        tabular.uploaded_batch_committed(
            table=ATTENDANCE_SHEET,
            batch=batch,
            user=user,
            now=now,
            ip=ip,
            detail={"forum": forum.pk, "added": added, "rejected": batch.rows_rejected},
        )
    batch.refresh_from_db()
    return batch


def proposal_batch_commit_request(*, batch: ProposalBatch, user: User, ip: str | None) -> Job:
    _commit_allowed(batch=batch, user=user, table=PROPOSAL_SHEET)
    return tabular.uploaded_batch_commit_queue(table=PROPOSAL_SHEET, batch=batch, user=user, ip=ip)


def attendance_batch_commit_request(*, batch: AttendanceBatch, user: User, ip: str | None) -> Job:
    _commit_allowed(batch=batch, user=user, table=ATTENDANCE_SHEET)
    return tabular.uploaded_batch_commit_queue(
        table=ATTENDANCE_SHEET, batch=batch, user=user, ip=ip
    )
