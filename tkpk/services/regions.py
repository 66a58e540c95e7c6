"""Loading the Kemendagri region list shipped in ``tkpk/data/wilayah``."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from tkpk.bulk import staging_copy_csv, staging_table
from tkpk.models import Region

logger = logging.getLogger(__name__)

REGION_FILES = ("provinces.csv", "regencies.csv", "districts.csv", "villages.csv")
DEFAULT_SOURCE = Path(__file__).resolve().parent.parent / "data" / "wilayah"


@dataclass(frozen=True)
class RegionLoadResult:
    created: int
    updated: int
    unchanged: int
    seconds: float

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


def regions_load(*, source_dir: Path = DEFAULT_SOURCE) -> RegionLoadResult:
    """Insert new regions and rename changed ones, in one transaction; reruns are no-ops.

    Regions missing from the files are kept: households and history still point at them.
    """
    started = time.monotonic()
    table = Region._meta.db_table
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        staging_table(
            cursor,
            name="region_staging",
            columns=[("code", "varchar(13)"), ("name", "varchar(100)"), ("parent", "varchar(13)")],
        ) as staging,
    ):
        total = 0
        for filename in REGION_FILES:
            text = (source_dir / filename).read_text(encoding="utf-8")
            total += staging_copy_csv(
                cursor, table=staging, columns=["code", "name", "parent"], csv_text=text
            )
        # Level = number of dotted parts; provinces carry an empty parent in the files.
        level = "(LENGTH(s.code) - LENGTH(REPLACE(s.code, '.', '')) + 1)"
        parent = "NULLIF(s.parent, '')"
        cursor.execute(
            f"""
                UPDATE {table} SET name = s.name, level = {level}, parent_id = {parent}
                FROM {staging} AS s
                WHERE {table}.code = s.code
                  AND NOT ({table}.name = s.name AND {table}.level = {level}
                           AND COALESCE({table}.parent_id, '') = s.parent)
                """
        )
        updated = cursor.rowcount
        cursor.execute(
            f"""
                INSERT INTO {table} (code, name, level, parent_id)
                SELECT s.code, s.name, {level}, {parent} FROM {staging} AS s
                WHERE NOT EXISTS (SELECT 1 FROM {table} AS r WHERE r.code = s.code)
                ORDER BY s.code
                """
        )
        created = cursor.rowcount
    result = RegionLoadResult(
        created=created,
        updated=updated,
        unchanged=total - created - updated,
        seconds=time.monotonic() - started,
    )
    logger.info("regions loaded", extra={"regions_created": created, "regions_updated": updated})
    return result
