"""Staging a batch: normalised chunks go into a temporary table (COPY on PostgreSQL), then
one INSERT ... SELECT moves them into ``BatchRow`` already matched against the registry and
classified (new, changed, removed, unchanged, rejected), so no pass rewrites the rows."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from django.db import connection

from households.columns import COLUMNS
from households.models import BatchRow
from households.sql import HOUSEHOLD, PERSON, ROW, changed_list, household_pairs, person_pairs
from tkpk.bulk import (
    analyze_if_large,
    is_postgres,
    quote,
    sql_json_is_empty_array,
    staging_insert_rows,
)

STAGE = "batch_stage"
TYPED_FIELDS = [col.field for col in COLUMNS] + ["name_search"]
STAGE_FIELDS = ["row_number", "errors", "warnings", "raw", *TYPED_FIELDS]


def stage_create(cursor: Any) -> None:
    json_type = "jsonb" if is_postgres() else "text"
    types = {"row_number": "integer", "errors": json_type, "warnings": json_type, "raw": json_type}
    for field in TYPED_FIELDS:
        types[field] = BatchRow._meta.get_field(field).db_type(connection) or "text"
    cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
    definition = ", ".join(f"{quote(f)} {types[f]}" for f in STAGE_FIELDS)
    cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} ({definition})")


@dataclass(frozen=True)
class StagedChunk:
    """Normalised rows encoded for loading: CSV bytes for PostgreSQL's COPY, records for the
    embedded database. Encoding happens where the rows are made (``read_ahead``'s thread)."""

    rows: int
    csv: bytes = b""
    records: tuple[tuple[Any, ...], ...] = ()


def stage_encode(rows: pd.DataFrame) -> StagedChunk:
    frame = rows[STAGE_FIELDS]
    if is_postgres():
        table = pa.Table.from_pandas(frame, preserve_index=False)
        sink = io.BytesIO()
        pacsv.write_csv(table, sink, pacsv.WriteOptions(include_header=False))
        return StagedChunk(rows=len(frame), csv=sink.getvalue())
    records = frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None)
    return StagedChunk(rows=len(frame), records=tuple(records))


def stage_write(cursor: Any, chunk: StagedChunk) -> int:
    if is_postgres():
        columns = ", ".join(quote(f) for f in STAGE_FIELDS)
        with cursor.cursor.copy(f"COPY {STAGE} ({columns}) FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write(chunk.csv)
        return chunk.rows
    return staging_insert_rows(cursor, table=STAGE, columns=STAGE_FIELDS, rows=chunk.records)


def stage_publish(cursor: Any, *, batch_id: int, scope: str, rows: int) -> int:
    """Move the staged rows into ``BatchRow``, matched and classified in the same statement.

    A row matches only people and households inside ``scope`` (the batch's region): one
    registered elsewhere stays unmatched, so nothing about it (its values, its changed fields,
    where it lives) reaches the row; reconcile refuses the identifiers that are taken there.
    """
    analyze_if_large(cursor, STAGE, rows=rows)
    household_diff = (
        f"(CASE WHEN h.id IS NULL THEN '' ELSE "
        f"{changed_list(household_pairs('s', 'h'))}"
        f" || (CASE WHEN s.village_code <> h.village_id THEN 'kode_desa,' ELSE '' END) END)"
    )
    person_diff = (
        f"(CASE WHEN p.id IS NULL THEN '' ELSE "
        f"{changed_list(person_pairs('s', 'p'))}"
        f" || (CASE WHEN h.id IS NULL OR h.id <> p.household_id THEN 'no_kk,' ELSE '' END)"
        f" || (CASE WHEN s.action <> 'hapus' AND p.status <> 'living' "
        f"THEN 'status,' ELSE '' END) END)"
    )
    text_fields = TYPED_FIELDS
    in_scope = [scope, f"{scope}.%"]
    columns = ", ".join(text_fields)

    def source(field: str) -> str:
        if field == "village_code":  # a correction may leave it blank: the KK's village
            return "COALESCE(s.village_code, h.village_id, '') AS village_code"
        if field in ("kk", "nik", "action", "removal_reason"):
            return f"COALESCE(s.{field}, '') AS {field}"
        return f"s.{field}"

    selected = ", ".join(source(f) for f in text_fields)
    empty = "'[]'::jsonb" if is_postgres() else "'[]'"
    # OFFSET 0 keeps PostgreSQL from inlining the subquery, which would compute the changed
    # fields twice (for the column and for the outcome).
    fence = "OFFSET 0" if is_postgres() else ""
    cursor.execute(
        f"""
        INSERT INTO {ROW} (batch_id, row_number, errors, warnings, raw, conflicts,
                           person_id, household_id, person_household_id, changed_fields,
                           outcome, {columns})
        SELECT %s, x.row_number, x.errors, x.warnings, x.raw, {empty},
               x.person_id, x.household_id, x.person_household_id, x.changed_fields,
               CASE
                 WHEN NOT {sql_json_is_empty_array("x.errors")} THEN 'rejected'
                 WHEN x.action = 'hapus' AND x.removal_reason IN ('mampu', 'ganda') THEN
                   CASE WHEN x.household_status = 'active' THEN 'removed' ELSE 'unchanged' END
                 WHEN x.action = 'hapus' THEN
                   CASE WHEN x.person_status = 'living' THEN 'removed' ELSE 'unchanged' END
                 WHEN x.person_id IS NULL THEN 'new'
                 WHEN x.action = 'tetap' THEN 'unchanged'
                 WHEN x.changed_fields <> '' THEN 'changed'
                 ELSE 'unchanged'
               END,
               {", ".join(f"x.{f}" for f in text_fields)}
        FROM (
            SELECT s.row_number, s.errors, s.warnings, s.raw, {selected},
                   p.id AS person_id, h.id AS household_id, p.household_id AS person_household_id,
                   p.status AS person_status, h.status AS household_status,
                   {household_diff} || {person_diff} AS changed_fields
            FROM {STAGE} AS s
            LEFT JOIN ({PERSON} AS p JOIN {HOUSEHOLD} AS ph ON ph.id = p.household_id
                       AND (ph.village_id = %s OR ph.village_id LIKE %s))
                   ON p.nik = s.nik
            LEFT JOIN {HOUSEHOLD} AS h ON h.kk = s.kk
                   AND (h.village_id = %s OR h.village_id LIKE %s)
            {fence}
        ) AS x
        """,
        [batch_id, *in_scope, *in_scope],
    )
    published = cursor.rowcount
    cursor.execute(f"DROP TABLE {STAGE}")
    analyze_if_large(cursor, ROW, rows=published)
    return published
