"""The snapshot: every figure of one LP2KD version as plain JSON.

It is what is frozen at approval, hashed, compared between versions and rendered; the PDF
and the annex are drawn from it alone, so the same snapshot always gives the same document.
The document is Indonesian whatever language the person who generates it reads.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils import timezone, translation

from reports.lp2kd.deadlines import report_deadline
from reports.lp2kd.sections import (
    CHAPTERS,
    SectionInput,
    chapter_tables,
    table_compute,
)
from reports.models import Lp2kdVersion

SNAPSHOT_FORMAT = 1
DOCUMENT_LANGUAGE = "id"

Progress = Callable[[int, int, str], None]


def snapshot_build(
    *, version: Lp2kdVersion, today: date | None = None, progress: Progress | None = None
) -> dict[str, Any]:
    """Compute every table of the version's report (region, year, chosen run) and gather
    them with the narrative into one JSON-serialisable document."""
    report = version.report
    inp = SectionInput(
        region=report.region_id,
        year=report.year,
        run_id=version.run_id,
        today=today or timezone.localdate(),
    )
    with translation.override(DOCUMENT_LANGUAGE):
        specs = [(c, chapter_tables(c.key, level=inp.level)) for c in CHAPTERS]
        total = sum(len(tables) for _, tables in specs)
        done = 0
        chapters = []
        missing = []
        for chapter, tables in specs:
            computed = []
            for spec in tables:
                if progress is not None:
                    progress(done, total, str(spec.title))
                figures = table_compute(spec, inp)
                computed.append(
                    {
                        "key": spec.key,
                        "title": str(spec.title),
                        "landscape": spec.landscape,
                        **figures,
                    }
                )
                if figures["missing"]:
                    missing.append({"key": spec.key, "title": str(spec.title)})
                done += 1
            chapters.append(
                {
                    "key": chapter.key,
                    "title": str(chapter.title),
                    "narrative": str(version.narratives.get(chapter.key, "")),
                    "tables": computed,
                }
            )
        run = version.run
        return {
            "format": SNAPSHOT_FORMAT,
            "region": {
                "code": report.region_id,
                "name": report.region.name,
                "level": report.region.level,
            },
            "year": report.year,
            "version": version.number,
            "as_of": inp.today.isoformat(),
            "deadline": report_deadline(level=report.region.level, year=report.year).isoformat(),
            "run": (
                {"id": run.pk, "reference_date": run.reference_date.isoformat()}
                if run is not None
                else None
            ),
            "chapters": chapters,
            "missing": missing,
        }


def snapshot_canonical(snapshot: dict[str, Any]) -> bytes:
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def snapshot_sha256(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(snapshot_canonical(snapshot)).hexdigest()


def snapshot_tables(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for chapter in snapshot.get("chapters", []) for t in chapter["tables"]]
