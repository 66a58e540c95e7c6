"""The registry phases of ``make bench``: import, unchanged re-upload, 10% correction, and
the bare-COPY ceiling, all on PostgreSQL at regency scale."""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from django.conf import settings
from django.db import connection

from households.models import Household, Person
from households.services import batch_commit, batch_minutes_attach, batch_upload, batch_validate
from households.synthetic import synthetic_registry_write
from tkpk.models import Region, RoleAssignment, User
from tkpk.roles import Role

logger = logging.getLogger(__name__)
MINUTES = b"%PDF-1.4\n% benchmark batch: synthetic data\n"
Report = Callable[[str, float, int], None]


def registry_bench(
    *, regency_code: str, households: int, seed: int, workdir: Path, report: Report
) -> dict[str, Any]:
    registry_tables_empty()
    regency = Region.objects.get(code=regency_code)
    operator = _operator(regency)
    villages = list(
        Region.objects.filter(code__startswith=regency_code + ".", level=Region.Level.VILLAGE)
        .order_by("code")
        .values_list("code", flat=True)
    )
    workdir.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Any] = {}

    started = time.monotonic()
    facts = synthetic_registry_write(
        path=workdir / "bench-import.csv", villages=villages, households=households, seed=seed
    )
    figures.update(persons=facts.persons, households=facts.households)
    figures["generate_s"] = _lap(report, "generate batch file", started, facts.persons)

    figures.update(_phase("import", facts.path, operator, regency, facts.persons, report))
    figures.update(_phase("reupload", facts.path, operator, regency, facts.persons, report))
    correction = _correction_file(facts.path, workdir / "bench-correction.csv")
    figures["correction_rows"] = correction[1]
    figures.update(_phase("correction", correction[0], operator, regency, correction[1], report))

    figures["copy_ceiling_s"] = copy_ceiling(workdir, report)
    figures["import_ratio"] = round(figures["import_s"] / figures["copy_ceiling_s"], 2)
    figures["registry_persons"] = Person.objects.count()
    figures["registry_households"] = Household.objects.count()
    return figures


def registry_tables_empty() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE households_householdchange, households_batchrow, "
            "households_verificationbatch, households_person, households_household CASCADE"
        )


def _operator(regency: Region) -> User:
    user, _ = User.objects.get_or_create(username="sistem.bench")
    RoleAssignment.objects.get_or_create(user=user, role=Role.SOCIAL_OPERATOR, region=regency)
    return user


def _phase(
    name: str, path: Path, user: User, regency: Region, rows: int, report: Report
) -> dict[str, float]:
    started = time.monotonic()
    with path.open("rb") as handle:
        batch = batch_upload(
            user=user, upload=handle, filename=path.name, region=regency, queue_validation=False
        )
    uploaded = time.monotonic()
    batch_validate(batch=batch)
    validated = time.monotonic()
    batch_minutes_attach(batch=batch, user=user, upload=io.BytesIO(MINUTES), filename="ba.pdf")
    batch.refresh_from_db()
    if batch.rows_rejected:
        logger.warning("bench batch has rejected rows", extra={"rejected": batch.rows_rejected})
    batch_commit(batch_id=batch.pk, user=user)
    total = _lap(report, f"{name}: upload + validate + commit", started, rows)
    report(f"  {name}: validate", validated - uploaded, rows)
    report(f"  {name}: commit", time.monotonic() - validated, rows)
    return {
        f"{name}_s": total,
        f"{name}_validate_s": round(validated - uploaded, 2),
        f"{name}_commit_s": round(time.monotonic() - validated, 2),
        f"{name}_rejected": batch.rows_rejected,
    }


def _correction_file(source: Path, target: Path) -> tuple[Path, int]:
    """Every tenth person corrected: name, occupation and the household's decile."""
    written = 0
    with target.open("w", encoding="utf-8", newline="") as out:
        for index, chunk in enumerate(
            pd.read_csv(source, dtype=str, keep_default_na=False, chunksize=200_000)
        ):
            picked = chunk.iloc[::10].copy()
            picked["aksi"] = "perbaikan"
            picked["nama"] = picked["nama"] + " Koreksi"
            picked["pekerjaan"] = "wiraswasta"
            # The same new decile for every row of one KK, so the rows agree.
            kk_number = picked["no_kk"].str[-4:].astype(int)
            picked["desil"] = ((kk_number % 10) + 1).astype(str)
            picked.to_csv(out, header=index == 0, index=False)
            written += len(picked)
    return target, written


def copy_ceiling(workdir: Path, report: Report) -> float:
    """Bare COPY of the registry's rows into tables of the same shape (same indexes and
    constraints, no foreign keys): what no import can beat."""
    household_file = workdir / "ceiling-households.copy"
    person_file = workdir / "ceiling-persons.copy"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for table, path in [
            ("households_household", household_file),
            ("households_person", person_file),
        ]:
            with path.open("wb") as out, raw.copy(f"COPY {table} TO STDOUT") as copy:
                for block in copy:
                    out.write(block)
        cursor.execute("DROP TABLE IF EXISTS bench_household, bench_person")
        cursor.execute("CREATE TABLE bench_household (LIKE households_household INCLUDING ALL)")
        cursor.execute("CREATE TABLE bench_person (LIKE households_person INCLUDING ALL)")
        started = time.monotonic()
        for table, path in [("bench_household", household_file), ("bench_person", person_file)]:
            with path.open("rb") as source, raw.copy(f"COPY {table} FROM STDIN") as copy:
                while block := source.read(1 << 20):
                    copy.write(block)
        elapsed = time.monotonic() - started
        cursor.execute("DROP TABLE bench_household, bench_person")
    household_file.unlink()
    person_file.unlink()
    report("COPY ceiling (same indexes and constraints)", elapsed, Person.objects.count())
    return round(elapsed, 2)


def _lap(report: Report, name: str, started: float, rows: int) -> float:
    elapsed = time.monotonic() - started
    report(name, elapsed, rows)
    return round(elapsed, 2)


def bench_workdir() -> Path:
    return settings.PRIVATE_MEDIA_ROOT / "bench"
