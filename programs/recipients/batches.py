"""Recipient list imports: upload, background validation into a preview, all-or-nothing commit.

Validation stages the checked cells, then one ``INSERT ... SELECT`` matches every row to the
registry (NIK -> person and household, else KK -> household, only inside the list's region:
a match elsewhere is answered like no match), finds rows repeated in the file, classifies
each row and writes it to the batch's rows. Commit is one ``INSERT ... SELECT`` from those
rows that skips anyone already listed for the period, followed by the quota check inside the
same transaction: a list that breaks a quota leaves nothing behind.
"""

from __future__ import annotations

import logging
import time
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Household, Person
from programs.models import ProgramPeriod, Recipient, RecipientBatch, RecipientBatchRow
from programs.recipients.imports import (
    RECIPIENT_LIST,
    STAGED,
    chunk_check,
    recipient_file_open,
)
from programs.recipients.periods import (
    QuotaExceeded,
    quota_check,
    quota_exceeded_message,
    quota_lock,
    quota_use,
)
from tkpk.access import user_can_see_region, user_permissions, user_region_codes
from tkpk.bulk import (
    analyze_if_large,
    bulk_session,
    is_postgres,
    staging_copy_csv,
    staging_table,
)
from tkpk.jobs import JobError
from tkpk.models import Job, Region, User
from tkpk.roles import Permission
from tkpk.services.jobs import Progress
from tkpk.tabular import services as tabular
from tkpk.tabular.problems import file_problem_texts

logger = logging.getLogger(__name__)

ROWS = RecipientBatchRow._meta.db_table
RECIPIENT = Recipient._meta.db_table
PERSON = Person._meta.db_table
HOUSEHOLD = Household._meta.db_table
STAGE = "recipient_stage"


class RecipientBatchError(JobError):
    pass


def recipient_submit_allowed(*, user: User, region_code: str) -> bool:
    """People managing recipients upload lists; another agency's system (an API client, the
    only role with USE_API) may submit one for validation. Committing stays with a person."""
    if user_can_see_region(user, region_code, permission=Permission.MANAGE_RECIPIENTS):
        return True
    return Permission.USE_API in user_permissions(user) and user_can_see_region(
        user, region_code, permission=Permission.UPLOAD_BATCH
    )


def recipient_batch_upload(
    *,
    user: User,
    period: ProgramPeriod,
    upload: IO[bytes],
    filename: str,
    region: Region | None = None,
    queue_validation: bool = True,
) -> RecipientBatch:
    """Store the list and queue its validation."""
    if region is None:
        roots = user_region_codes(
            user, permission=Permission.MANAGE_RECIPIENTS
        ) or user_region_codes(user, permission=Permission.UPLOAD_BATCH)
        if not roots:
            raise PermissionDenied
        region = Region.objects.get(code=roots[0])
    if not recipient_submit_allowed(user=user, region_code=region.code):
        raise PermissionDenied
    stored = tabular.upload_store(table=RECIPIENT_LIST, upload=upload, filename=filename)
    return tabular.uploaded_batch_create(
        model=RecipientBatch,
        upload=stored,
        user=user,
        region=region,
        queue=queue_validation,
        period=period,
    )


def recipient_batch_validate(*, batch: RecipientBatch, progress: Progress | None = None) -> None:
    """Check the list and write its preview rows; recipients themselves are not touched.
    Validating again replaces the previous preview."""
    tabular.uploaded_batch_validate(
        batch=batch, validate=lambda: _validated(batch=batch, progress=progress)
    )


def _validated(*, batch: RecipientBatch, progress: Progress | None) -> int:
    progress = progress or (lambda *a, **k: None)
    region = batch.region_id
    found = recipient_file_open(tabular.uploaded_batch_path(batch=batch))
    villages = set(
        Region.objects.filter(
            level=Region.Level.VILLAGE, code__startswith=region + "."
        ).values_list("code", flat=True)
    )
    if Region.objects.filter(code=region, level=Region.Level.VILLAGE).exists():
        villages.add(region)
    progress(0, None, _("Membaca berkas…"))
    with transaction.atomic(), connection.cursor() as cursor:
        bulk_session(cursor)
        RecipientBatchRow.objects.filter(batch=batch).delete()
        columns = [
            ("row_number", "integer"),
            ("nik", "varchar(40)"),
            ("kk", "varchar(40)"),
            ("name", "varchar(100)"),
            ("village_code", "varchar(13)"),
            ("amount", "bigint"),
            ("errors", "text"),
        ]
        with staging_table(cursor, name=STAGE, columns=columns):
            staged = 0
            for chunk in found.chunks():
                rows = chunk_check(chunk, batch_region=region, villages=villages)
                staged += staging_copy_csv(
                    cursor, table=STAGE, columns=STAGED, csv_text=rows.to_csv(index=False)
                )
                progress(staged, None, _("Membaca berkas…"))
            progress(staged, staged, _("Mencocokkan dengan registri…"))
            analyze_if_large(cursor, STAGE, rows=staged)
            _classify(cursor, batch=batch)
        analyze_if_large(cursor, ROWS, rows=staged)
        counts = recipient_batch_counts(batch_id=batch.pk)
        # A validated batch has no file errors; its ``file_errors`` carries the
        # whole-file warnings instead (unknown columns, encoding guessed).
        RecipientBatch.objects.filter(pk=batch.pk).update(
            state=RecipientBatch.State.VALIDATED, file_errors=found.warnings, **counts
        )
    return staged


def recipient_batch_file_messages(*, batch: RecipientBatch) -> tuple[list[str], list[str]]:
    """(errors, warnings) about the file as a whole, in the reader's language."""
    if batch.state == RecipientBatch.State.UNREADABLE:
        return file_problem_texts(batch.file_errors), []
    return [], file_problem_texts(batch.file_errors)


def _json_cast(expression: str) -> str:
    return f"CAST({expression} AS jsonb)" if is_postgres() else expression


def _classify(cursor: Any, *, batch: RecipientBatch) -> None:
    """One statement: match, find repeats, classify, write the preview rows."""
    region = batch.region_id
    # The repeat's reason, built in SQL as the JSON the cell checks store (a code with the
    # first row's number: ``recipient_listed_twice``).
    duplicate_json = (
        "'[{\"column\": \"' || CASE WHEN d.nik <> '' THEN 'nik' ELSE 'no_kk' END || "
        "'\", \"value\": \"' || CASE WHEN d.nik <> '' THEN d.nik ELSE d.kk END || "
        '\'", "code": "recipient_listed_twice", "params": {"first": \' || '
        "CAST(d.first_row AS TEXT) || '}}]'"
    )
    listed_by_nik = f"EXISTS (SELECT 1 FROM {RECIPIENT} r WHERE r.period_id = %s AND r.nik = d.nik)"
    listed_by_kk = (
        f"EXISTS (SELECT 1 FROM {RECIPIENT} r WHERE r.period_id = %s AND r.nik = ''"
        " AND r.kk = d.kk)"
    )
    in_region = "({col} = %s OR {col} LIKE %s)"
    sql = f"""
        INSERT INTO {ROWS} (batch_id, row_number, outcome, errors, nik, kk, name, village_code,
                            amount, person_id, household_id, raw)
        SELECT %s, m.row_number,
               CASE WHEN m.errors <> '[]' OR m.repeated = 1 THEN 'rejected'
                    WHEN m.listed = 1 THEN 'unchanged' ELSE 'new' END,
               {
        _json_cast(
            "CASE WHEN m.errors <> '[]' THEN m.errors "
            "WHEN m.repeated = 1 THEN m.duplicate ELSE '[]' END"
        )
    },
               m.nik, m.kk, m.name, m.village_code, m.amount,
               CASE WHEN m.errors = '[]' AND m.repeated = 0 THEN m.person_id END,
               CASE WHEN m.errors = '[]' AND m.repeated = 0 THEN m.household_id END,
               NULL
        FROM (
            SELECT d.row_number, d.errors, d.nik, d.kk, d.name, d.village_code, d.amount,
                   CASE WHEN d.dkey IS NOT NULL AND d.first_row < d.row_number
                        THEN 1 ELSE 0 END AS repeated,
                   {duplicate_json} AS duplicate,
                   CASE WHEN d.errors <> '[]' THEN 0
                        WHEN d.nik <> '' AND {listed_by_nik} THEN 1
                        WHEN d.nik = '' AND {listed_by_kk} THEN 1 ELSE 0 END AS listed,
                   CASE WHEN ph.id IS NOT NULL THEN p.id END AS person_id,
                   COALESCE(ph.id, hk.id) AS household_id
            FROM (
                SELECT s.*,
                       MIN(s.row_number) OVER (PARTITION BY s.dkey) AS first_row
                FROM (
                    SELECT st.*,
                           CASE WHEN st.errors = '[]' THEN
                               CASE WHEN st.nik <> '' THEN 'n' || st.nik ELSE 'k' || st.kk END
                           END AS dkey
                    FROM (
                        -- COPY reads an empty CSV cell as NULL, SQLite's path as '': one meaning.
                        SELECT row_number, COALESCE(nik, '') AS nik, COALESCE(kk, '') AS kk,
                               COALESCE(name, '') AS name,
                               COALESCE(village_code, '') AS village_code,
                               CAST(NULLIF(CAST(amount AS TEXT), '') AS BIGINT) AS amount,
                               errors
                        FROM {STAGE}
                    ) st
                ) s
            ) d
            LEFT JOIN {PERSON} p ON d.nik <> '' AND d.errors = '[]' AND p.nik = d.nik
            LEFT JOIN {HOUSEHOLD} ph ON ph.id = p.household_id
                AND {in_region.format(col="ph.village_id")}
            LEFT JOIN {HOUSEHOLD} hk ON ph.id IS NULL AND d.kk <> '' AND d.errors = '[]'
                AND hk.kk = d.kk AND {in_region.format(col="hk.village_id")}
        ) m
    """
    params = [
        batch.pk,
        batch.period_id,
        batch.period_id,
        region,
        region + ".%",
        region,
        region + ".%",
    ]
    cursor.execute(sql, params)


def recipient_batch_counts(*, batch_id: int) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT outcome, COUNT(*),"
            f" SUM(CASE WHEN household_id IS NULL THEN 1 ELSE 0 END)"
            f" FROM {ROWS} WHERE batch_id = %s GROUP BY outcome",
            [batch_id],
        )
        by_outcome = {outcome: (n, unknown or 0) for outcome, n, unknown in cursor.fetchall()}
    new, new_unknown = by_outcome.get("new", (0, 0))
    unchanged, unchanged_unknown = by_outcome.get("unchanged", (0, 0))
    rejected, _unused = by_outcome.get("rejected", (0, 0))
    return {
        "rows_total": new + unchanged + rejected,
        "rows_new": new,
        "rows_unchanged": unchanged,
        "rows_rejected": rejected,
        "rows_not_in_registry": new_unknown + unchanged_unknown,
    }


def _new_rows_sql() -> str:
    """The recipients a commit would add: new rows nobody has listed for the period since
    validation. Parameters: batch region, batch id, period id, period id."""
    return f"""
        SELECT br.id AS row_id,
               COALESCE(h.village_id, NULLIF(br.village_code, ''), %s) AS region_id
        FROM {ROWS} br
        LEFT JOIN {HOUSEHOLD} h ON h.id = br.household_id
        WHERE br.batch_id = %s AND br.outcome = 'new'
          AND NOT (br.nik <> '' AND EXISTS (SELECT 1 FROM {RECIPIENT} r
                                            WHERE r.period_id = %s AND r.nik = br.nik))
          AND NOT (br.nik = '' AND EXISTS (SELECT 1 FROM {RECIPIENT} r
                                           WHERE r.period_id = %s AND r.nik = ''
                                             AND r.kk = br.kk))
    """


def _new_rows_params(batch: RecipientBatch) -> list[Any]:
    return [batch.region_id, batch.pk, batch.period_id, batch.period_id]


def recipient_batch_quota_problems(*, batch: RecipientBatch) -> list[str]:
    """What the quota check would say if the batch were committed now (for the preview)."""
    uses = quota_use(
        period=batch.period,
        extra_sql=f"SELECT region_id FROM ({_new_rows_sql()}) n",
        extra_params=_new_rows_params(batch),
    )
    return [quota_exceeded_message(u, period=batch.period) for u in uses if u.exceeded]


def _commit_allowed(*, batch: RecipientBatch, user: User) -> None:
    tabular.uploaded_batch_commit_check(
        table=RECIPIENT_LIST, batch=batch, user=user, error=RecipientBatchError
    )


def recipient_batch_commit(*, batch_id: int, user: User, ip: str | None = None) -> RecipientBatch:
    """Add the list's new rows as active recipients in one transaction, or nothing at all.
    Rerunning it (or committing the same list again) adds nobody twice."""
    with transaction.atomic():
        batch = (
            RecipientBatch.objects.select_for_update()
            .select_related("period__program")
            .get(pk=batch_id)
        )
        _commit_allowed(batch=batch, user=user)
        quota_lock(period_id=batch.period_id)
        now = timezone.now()
        started = time.perf_counter()
        with connection.cursor() as cursor:
            bulk_session(cursor)
            cursor.execute(
                f"""
                INSERT INTO {RECIPIENT} (program_id, period_id, nik, kk, name, region_id,
                    person_id, household_id, amount, status, source, batch_id, created_at,
                    updated_at)
                SELECT %s, %s, br.nik, COALESCE(NULLIF(br.kk, ''), h.kk, ''),
                       CASE WHEN br.name <> '' THEN br.name ELSE COALESCE(p.name, '') END,
                       n.region_id, p.id, h.id, br.amount, 'active', 'decree', %s, %s, %s
                FROM ({_new_rows_sql()}) n
                JOIN {ROWS} br ON br.id = n.row_id
                LEFT JOIN {PERSON} p ON p.id = br.person_id
                LEFT JOIN {HOUSEHOLD} h ON h.id = br.household_id
                ORDER BY br.row_number
                """,
                [
                    batch.period.program_id,
                    batch.period_id,
                    batch.pk,
                    now,
                    now,
                    *_new_rows_params(batch),
                ],
            )
            added = cursor.rowcount
            analyze_if_large(cursor, RECIPIENT, rows=added)
        insert_ms = round((time.perf_counter() - started) * 1000)
        quota_check(period=batch.period)
        detail = {
            "program": batch.period.program.code,
            "period": batch.period.name,
            "added": added,
            "unchanged": batch.rows_unchanged,
            "rejected": batch.rows_rejected,
            "not_in_registry": batch.rows_not_in_registry,
        }
        tabular.uploaded_batch_committed(
            table=RECIPIENT_LIST, batch=batch, user=user, now=now, ip=ip, detail=detail
        )
    logger.info(
        "recipient list committed", extra={"batch_id": batch.pk, "added": added, "ms": insert_ms}
    )
    batch.refresh_from_db()
    return batch


def recipient_batch_commit_request(*, batch: RecipientBatch, user: User, ip: str | None) -> Job:
    """Refuse at once what can be refused at once (state, quota), then queue the commit."""
    _commit_allowed(batch=batch, user=user)
    problems = recipient_batch_quota_problems(batch=batch)
    if problems:
        raise QuotaExceeded(problems)
    return tabular.uploaded_batch_commit_queue(table=RECIPIENT_LIST, batch=batch, user=user, ip=ip)
