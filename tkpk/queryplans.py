"""What PostgreSQL plans for the queries a page makes: the full scans of large tables.

A page of the registry or of a targeting run must find its rows through an index; a
sequential scan of households, persons, recipients or a run's results costs seconds at a
regency's scale and starves every other page under load. ``full_scans`` reads the plan of
each captured query (``EXPLAIN (FORMAT JSON)``, without running it) and names the large
tables it reads in full. The EXPLAIN test and the load test's plan report share it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection

# Tables that hold a row per person, household or list row of a regency.
LARGE_TABLES = frozenset(
    {
        "households_household",
        "households_person",
        "households_batchrow",
        "programs_recipient",
        "programs_recipientbatchrow",
        "programs_runhouseholdprogram",
        "programs_runpersonprogram",
        "programs_runrecipientissue",
        "households_householdchange",
        "tkpk_auditentry",
    }
)


# Nodes that hand rows up as they read them: a Limit above them stops the scan below early.
# Any other node (a sort, a hash, an aggregate) reads its whole input before the first row.
STREAMING = frozenset(
    {"Limit", "Gather", "Subquery Scan", "Result", "Append", "Merge Join", "Unique"}
)
# Joins whose first (outer) input streams and whose second is read in full, or once per row.
OUTER_STREAMING = frozenset({"Nested Loop", "Hash Join"})


INDEX_SCANS = frozenset({"Index Scan", "Index Only Scan"})


@dataclass(frozen=True)
class FullScan:
    table: str
    sql: str


def unbounded_full_reads(plan: dict[str, Any], *, bounded: bool = False) -> Iterator[str]:
    """Tables a plan reads whole (a sequential scan, or an index scan without a condition)
    with nothing to stop it early. A read under a Limit through streaming nodes only stops at
    the limit (the planner picks that when it expects the matching rows to be frequent); one
    under a sort, a hash, an aggregate, a subplan or the inner side of a join reads it all."""
    kind = plan["Node Type"]
    if kind == "Limit":
        bounded = True
    # An index scan without a condition walks the whole index: a full read all the same.
    whole = kind == "Seq Scan" or (kind in INDEX_SCANS and "Index Cond" not in plan)
    if whole and not bounded:
        yield plan["Relation Name"]
    for position, child in enumerate(plan.get("Plans", ())):
        keeps = kind in STREAMING or (kind in OUTER_STREAMING and position == 0)
        if child.get("Parent Relationship") in ("InitPlan", "SubPlan"):
            keeps = False
        yield from unbounded_full_reads(child, bounded=bounded and keeps)


def scanned_tables(sql: str, *, indexes_first: bool = False) -> list[str]:
    """The tables a query's plan reads in full (EXPLAIN, without running the query).

    ``indexes_first`` prices sequential scans out: the plan then reads a table in full only
    where no index can answer the query at all (an OR across a join, a filter on an
    unindexed column), whatever the table's size; a test database of a few thousand rows
    otherwise gets plans that scan small tables because it is cheaper there."""
    with connection.cursor() as cursor:
        if indexes_first:
            cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            (document,) = cursor.fetchone()
        finally:
            if indexes_first:
                cursor.execute("RESET enable_seqscan")
    if isinstance(document, str):
        document = json.loads(document)
    return list(unbounded_full_reads(document[0]["Plan"]))


def full_scans(statements: Iterable[str], *, indexes_first: bool = False) -> list[FullScan]:
    """The large tables that the given statements (SQL as Django captured it, parameters
    inlined) read in full. Only reads are explained."""
    found = []
    for sql in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        for table in scanned_tables(sql, indexes_first=indexes_first):
            if table in LARGE_TABLES:
                found.append(FullScan(table=table, sql=sql))
    return found
