"""Set-based loading helpers shared by every bulk import.

Rows go into a temporary staging table (``COPY`` on PostgreSQL, ``executemany`` on the
embedded SQLite), and the caller moves them on with ``INSERT ... SELECT`` / ``UPDATE ... FROM``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection
from psycopg import sql


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def staging_table(cursor: Any, *, name: str, columns: Sequence[tuple[str, str]]) -> Iterator[str]:
    """A temporary table dropped on exit; ``columns`` are (name, SQL type) pairs."""
    definition = ", ".join(f"{quote(col)} {sql_type}" for col, sql_type in columns)
    cursor.execute(f"DROP TABLE IF EXISTS {quote(name)}")
    cursor.execute(f"CREATE TEMPORARY TABLE {quote(name)} ({definition})")
    try:
        yield name
    finally:
        cursor.execute(f"DROP TABLE IF EXISTS {quote(name)}")


def staging_copy_csv(cursor: Any, *, table: str, columns: Sequence[str], csv_text: str) -> int:
    """Load CSV text (with a header row) into ``table``; returns the number of rows."""
    if is_postgres():
        statement = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv, HEADER true)").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        with cursor.cursor.copy(statement) as copy:
            copy.write(csv_text)
        return int(cursor.cursor.rowcount)
    reader = csv.reader(io.StringIO(csv_text))
    next(reader, None)
    return staging_insert_rows(cursor, table=table, columns=columns, rows=reader)


def staging_insert_rows(
    cursor: Any, *, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """The portable path: parameterised multi-row insert for the embedded database."""
    placeholders = ", ".join(["%s"] * len(columns))
    names = ", ".join(quote(c) for c in columns)
    batch = [tuple(row) for row in rows]
    cursor.executemany(
        f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})",
        batch,
    )
    return len(batch)


def quote(identifier: str) -> str:
    """Quote a name we chose ourselves (never user input) for either backend."""
    return connection.ops.quote_name(identifier)


def sql_json_object(pairs: Sequence[tuple[str, str]]) -> str:
    """A JSON object built in SQL from (key, SQL expression) pairs, for either backend."""
    function = "jsonb_build_object" if is_postgres() else "json_object"
    args = ", ".join(f"'{key}', {expression}" for key, expression in pairs)
    return f"{function}({args})"


def sql_json_extend(column: str, entries_sql: str) -> str:
    """``column`` (a JSON array) with more elements: ``entries_sql`` is text holding JSON
    values, each preceded by a comma ('' adds none)."""
    entries = f"LTRIM({entries_sql}, ',')"
    if is_postgres():
        return f"({column} || CAST('[' || {entries} || ']' AS jsonb))"
    opened = f"SUBSTR({column}, 1, LENGTH({column}) - 1)"  # without its closing bracket
    return f"((CASE WHEN {column} = '[]' THEN '[' ELSE {opened} || ',' END) || {entries} || ']')"


def sql_json_is_empty_array(column: str) -> str:
    if is_postgres():
        return f"({column} = '[]'::jsonb)"
    return f"({column} = '[]')"


# Below this many rows stale planner statistics cost less than ANALYZE itself (tens of ms);
# above it, a plan made for a near-empty table can turn a 1-second statement into minutes.
ANALYZE_MIN_ROWS = 5000


def analyze_if_large(cursor: Any, table: str, *, rows: int) -> None:
    """Fresh PostgreSQL statistics after a bulk write of ``rows`` rows into ``table``."""
    if is_postgres() and rows >= ANALYZE_MIN_ROWS:
        cursor.execute(f"ANALYZE {quote(table)}")


def bulk_session(cursor: Any) -> None:
    """Memory for the hashes and sorts of bulk statements, for this transaction only
    (PostgreSQL's 4 MB default turns million-row joins into disk sorts and row-by-row plans)."""
    if is_postgres():
        cursor.execute("SET LOCAL work_mem = '128MB'")
        # Compiling the wide expressions of a bulk statement costs more than it saves.
        cursor.execute("SET LOCAL jit = off")


@contextmanager
def work_mem_raised(cursor: Any, size: str = "512MB") -> Iterator[None]:
    """More memory for one statement whose hash aggregate spills at the bulk session's
    128 MB (a GROUP BY keeping two dozen text values per group), then back."""
    if not is_postgres():
        yield
        return
    cursor.execute("SHOW work_mem")
    previous = cursor.fetchone()[0]
    cursor.execute(f"SET LOCAL work_mem = '{size}'")
    try:
        yield
    finally:
        cursor.execute(f"SET LOCAL work_mem = '{previous}'")


# Below this many new rows, keeping indexes up to date row by row costs less than rebuilding.
REBUILD_MIN_ROWS = 10_000


def rebuild_worthwhile(cursor: Any, table: str, *, adding: int) -> bool:
    """Whether a bulk insert of ``adding`` rows should drop and rebuild ``table``'s secondary
    indexes and foreign keys: only on PostgreSQL, for a batch at least as big as the table.
    Measured on 1.2M people into an empty registry: maintaining four indexes and checking a
    deferred foreign key per row cost about twice the sorted rebuild and one join check."""
    if not is_postgres() or adding < REBUILD_MIN_ROWS:
        return False
    cursor.execute("SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = %s::regclass", [table])
    return adding >= int(cursor.fetchone()[0])


@contextmanager
def indexes_rebuilt(cursor: Any, *, tables: Sequence[str]) -> Iterator[None]:
    """Drop the secondary indexes, unique constraints and outgoing foreign keys of ``tables``
    (primary keys stay) and create them again, identical, on exit: what PostgreSQL's manual
    advises for populating a table. Used inside the caller's transaction, so nobody sees the
    table without them, and re-adding a constraint checks every row (a violation rolls the
    whole transaction back). The tables are locked for the duration."""
    if not tables:
        yield
        return
    oids = [f"'{quote(t)}'::regclass" for t in tables]
    in_tables = f"({', '.join(oids)})"
    cursor.execute(
        f"""
        SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)
        FROM pg_constraint
        WHERE conrelid IN {in_tables} AND contype IN ('f', 'u')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint AS r
                          WHERE r.contype = 'f' AND r.conindid = pg_constraint.conindid
                            AND pg_constraint.contype = 'u')
        ORDER BY contype DESC"""
    )
    constraints = cursor.fetchall()
    cursor.execute(
        f"""
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index AS i
        WHERE i.indrelid IN {in_tables} AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = i.indexrelid)"""
    )
    indexes = cursor.fetchall()
    # Dropping a foreign key alters the referenced table too, which PostgreSQL refuses while
    # checks deferred earlier in the transaction are pending: run them now. Django declares
    # every foreign key DEFERRABLE INITIALLY DEFERRED, so deferring all again restores it.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for table, name, _kind, _definition in constraints:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    yield
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for _name, definition in indexes:
        cursor.execute(definition)
    # unique constraints ('u') before foreign keys ('f')
    for table, name, _kind, definition in sorted(constraints, key=lambda c: c[2] != "u"):
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
