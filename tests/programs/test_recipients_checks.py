"""The recipient list's cell checks, fed the way its reader feeds them: in chunks, rows
numbered from 2 and further on in later chunks, Arrow-backed text; each row's problems are
asserted on their own row, with their own value."""

from __future__ import annotations

import json

import pytest

from programs.recipients.imports import chunk_check, recipient_file_open
from tests.programs.recipientfiles import list_bytes

JATEN = "35.05.01.2001"


def recipient(index: int, **values: str) -> dict[str, str]:
    row = {
        "nik": f"3505011203{index:02d}{index + 1:04d}",
        "no_kk": f"350501010120{index:04d}",
        "nama": f"Penerima {index}",
        "kode_desa": JATEN,
        "nominal": f"{(index + 1) * 1000}",
    }
    row.update(values)
    return row


@pytest.mark.parametrize("chunk_rows", [4, 200_000])
def test_each_problem_stays_on_its_own_row(monkeypatch, tmp_path, chunk_rows):
    monkeypatch.setattr("tkpk.tabular.files.CHUNK_ROWS", chunk_rows)
    monkeypatch.setattr("tkpk.tabular.files.CSV_BLOCK_BYTES", 256)
    rows = [recipient(i) for i in range(30)]
    rows[3]["nik"] = "35050112038500"  # row 5
    rows[9]["no_kk"] = "3.50501E+15"  # row 11
    rows[14]["kode_desa"] = "35.09.01.2001"  # row 16: outside the list's regency
    rows[20]["kode_desa"] = "35.05.01.2999"  # row 22: no such village
    rows[25]["nominal"] = "tiga juta"  # row 27
    rows[28].update(nik="", no_kk="")  # row 30
    path = tmp_path / "sk.csv"
    path.write_bytes(list_bytes(rows))

    found: dict[int, list[tuple[str, str]]] = {}
    starts = []
    for chunk in recipient_file_open(path).chunks():
        starts.append(int(chunk.index[0]))
        staged = chunk_check(chunk, batch_region="35.05", villages={JATEN})
        assert staged.index.equals(chunk.index)
        assert staged["nik"].tolist() == [rows[n - 2]["nik"] for n in staged["row_number"]]
        for number, errors in zip(staged["row_number"], staged["errors"], strict=True):
            if errors != "[]":
                found[int(number)] = [(p["column"], p["value"]) for p in json.loads(errors)]

    assert len(starts) > 1 if chunk_rows == 4 else starts == [2]
    assert found == {
        5: [("nik", "35050112038500")],
        11: [("no_kk", "3.50501E+15")],
        16: [("kode_desa", "35.09.01.2001")],
        22: [("kode_desa", "35.05.01.2999")],
        27: [("nominal", "tiga juta")],
        30: [("nik", "")],
    }
