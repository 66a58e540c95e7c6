"""The vectorised row checks, fed the way the batch pipeline feeds them: the real reader
(CSV through Arrow, XLSX through openpyxl) in small chunks, so that rows are numbered from 2
and every chunk after the first starts further on, with Arrow-backed columns; every row's
outcome is asserted on its own."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from households.identifiers import nik_warnings
from households.imports import batch_file_open
from households.normalise import normalise
from tests.households.batchfiles import HEADERS, csv_bytes, member

KNOWN_DISTRICTS = {"35.05.01", "35.05.02"}


def person(index: int, **values: str) -> dict[str, str]:
    """The ``index``-th of a batch of people with different birth dates and sexes, each NIK
    consistent with its own row (so that comparing with another row shows)."""
    born = date(1950, 1, 1) + timedelta(days=397 * index)
    woman = index % 3 == 0
    day = born.day + (40 if woman else 0)
    nik = f"350501{day:02d}{born:%m%y}{index + 1:04d}"
    row = member(
        no_kk=f"350501010120{index:04d}",
        nik=nik,
        nama=f"Warga {index}",
        jenis_kelamin="P" if woman else "L",
        tanggal_lahir=born.isoformat(),
    )
    row.update(values)
    return row


def xlsx_bytes(rows: list[dict[str, str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row.get(h, "") for h in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of a few rows, as a 1.2M-row file has chunks of 200k."""
    monkeypatch.setattr("tkpk.tabular.files.CHUNK_ROWS", 7)
    monkeypatch.setattr("tkpk.tabular.files.CSV_BLOCK_BYTES", 1024)
    monkeypatch.setattr("tkpk.tabular.files.XLSX_CHUNK_ROWS", 7)


def read_normalised(content: bytes, kind: str, tmp_path: Path) -> list[pd.DataFrame]:
    path = tmp_path / f"batch.{kind}"
    path.write_bytes(content)
    chunks = []
    for chunk in batch_file_open(path).chunks():
        assert chunk.index.equals(pd.Index(chunk["row_number"]))
        chunks.append(normalise(chunk, known_districts=KNOWN_DISTRICTS))
    return chunks


def problems(chunks: list[pd.DataFrame], kind: str) -> dict[int, list[tuple[str, str]]]:
    """Row number -> [(column, code)] of its ``errors`` or ``warnings``."""
    found: dict[int, list[tuple[str, str]]] = {}
    for out in chunks:
        for number, text in zip(out["row_number"], out[kind], strict=True):
            entries = [(p["column"], p["code"]) for p in json.loads(text)]
            if entries:
                found[int(number)] = entries
    return found


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_each_nik_is_compared_with_its_own_row(small_chunks, tmp_path, kind):
    # given 40 people, each NIK matching its own row, and five planted disagreements
    rows = [person(i) for i in range(40)]
    rows[5]["jenis_kelamin"] = "L" if rows[5]["jenis_kelamin"] == "P" else "P"  # row 7
    rows[11]["tanggal_lahir"] = "1962-01-01"  # row 13: another day, month and year
    born = date.fromisoformat(rows[18]["tanggal_lahir"])
    rows[18]["tanggal_lahir"] = born.replace(year=born.year + 1).isoformat()  # row 20: year
    rows[29]["tanggal_lahir"] = rows[29]["tanggal_lahir"][:5] + "12-31"  # row 31: month
    rows[33]["nik"] = "92" + rows[33]["nik"][2:]  # row 35: a region no longer in the list
    content = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)

    # when the file is read and normalised in chunks of about seven rows
    chunks = read_normalised(content, kind, tmp_path)

    # then every chunk after the first starts where the previous one ended
    starts = [out.index[0] for out in chunks]
    assert len(starts) >= 4
    assert starts == [2, *(2 + sum(len(out) for out in chunks[:i]) for i in range(1, len(chunks)))]
    assert problems(chunks, "errors") == {}
    assert problems(chunks, "warnings") == {
        7: [("nik", "nik_sex_differs")],
        13: [("nik", "nik_birth_date_differs")],
        20: [("nik", "nik_birth_date_differs")],
        31: [("nik", "nik_birth_date_differs")],
        35: [("nik", "nik_region_unknown")],
    }


def test_a_later_chunk_of_arrow_columns_is_checked_row_by_row():
    """The second 200k chunk of a CSV: rows 200002 onwards, Arrow strings and Arrow dates."""
    rows = [person(i) for i in range(6)]
    rows[4]["tanggal_lahir"] = "1962-01-01"
    niks = pd.Series(
        [r["nik"] for r in rows], index=pd.RangeIndex(200_002, 200_008), dtype="string[pyarrow]"
    )
    sexes = pd.Series([r["jenis_kelamin"] for r in rows], index=niks.index, dtype="string[pyarrow]")
    births = pd.Series(
        [date.fromisoformat(r["tanggal_lahir"]) for r in rows], index=niks.index
    ).astype("date32[pyarrow]")
    region, sex, birth = nik_warnings(
        niks, sexes=sexes, birth_dates=births, known_districts=KNOWN_DISTRICTS
    )
    assert region.eq("").all() and sex.eq("").all()
    assert birth.to_dict() == {
        200_002: "",
        200_003: "",
        200_004: "",
        200_005: "",
        200_006: "nik_birth_date_differs",
        200_007: "",
    }


def test_columns_of_other_rows_are_refused():
    niks = pd.Series(["3505011203850001"], index=[2])
    with pytest.raises(ValueError, match="birth_dates"):
        nik_warnings(
            niks,
            sexes=pd.Series(["L"], index=[2]),
            birth_dates=pd.Series([date(1985, 3, 12)]),  # numbered from 0
            known_districts=KNOWN_DISTRICTS,
        )


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x1e", "\x0b"])
def test_rejected_rows_keep_their_own_cells_whatever_line_separators_they_hold(
    small_chunks, tmp_path, separator
):
    """The cells of rejected rows are kept as JSON lines; Unicode line separators inside a
    cell must not split one row's cells into two (or shift them onto the next row)."""
    rows = [person(i) for i in range(20)]
    for i in (3, 4, 10, 16):
        rows[i]["desil"] = "11"  # rejected
    rows[4]["alamat"] = f"Dusun{separator}Krajan"
    rows[16]["nama"] = f"Warga{separator}16"
    chunks = read_normalised(csv_bytes(rows), "csv", tmp_path)
    kept = {
        int(number): json.loads(raw)
        for out in chunks
        for number, raw in zip(out["row_number"], out["raw"], strict=True)
        if raw is not None
    }
    assert sorted(kept) == [5, 6, 12, 18]
    for number, cells in kept.items():
        assert cells["nik"] == rows[number - 2]["nik"]
    assert kept[6]["alamat"] == f"Dusun{separator}Krajan"
    assert kept[18]["nama"] == f"Warga{separator}16"


def test_a_birth_on_new_years_day_in_jakarta_is_not_in_the_future(monkeypatch, tmp_path):
    # given 1 January 2027, 03:00 in Jakarta (31 December, 20:00 UTC)
    from datetime import UTC, datetime

    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: datetime(2026, 12, 31, 20, 0, tzinfo=UTC)
    )
    # when a baby born that morning is registered, and one born the next day
    rows = [person(0, tanggal_lahir="2027-01-01"), person(1, tanggal_lahir="2027-01-02")]
    chunks = read_normalised(csv_bytes(rows), "csv", tmp_path)

    # then only the birth date of tomorrow is refused as in the future
    errors = problems(chunks, "errors")
    assert ("tanggal_lahir", "date_future") not in errors.get(2, [])
    assert ("tanggal_lahir", "date_future") in errors.get(3, [])
