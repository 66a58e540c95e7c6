"""The vectorised cell checks of the proposal sheet against a plain one-row-at-a-time
reference built on the single-proposal path (``rupiah_parse``, ``volume_parse``), with
chunks shaped as the pipeline shapes them: Arrow-backed text, row numbers from 2 as in the
file, tidied by the import's own ``prepared``."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from musrenbang.imports.proposals import COLUMNS, PROPOSAL_SHEET, chunk_check
from musrenbang.models import FieldOfAffairs, Proposal
from musrenbang.services.common import rupiah_parse, volume_parse

VILLAGES = {"35.05.01.2001", "35.05.01.2002"}

money = st.one_of(
    st.integers(min_value=-5, max_value=10**16).map(str),
    st.integers(min_value=0, max_value=10**12).map(lambda n: f"{n:,}".replace(",", ".")),
    st.tuples(st.integers(0, 10**9), st.sampled_from(["00", "0", "50", "5", "123"])).map(
        lambda t: f"{t[0]:,}".replace(",", ".") + "," + t[1]
    ),
    st.sampled_from(["", "Rp 1.500.000", "rp.25000", "1.500.000,00", "1,5", "1.50", "abc", "-0"]),
)
volume = st.one_of(
    st.decimals(min_value=0, max_value=10**11, places=3, allow_nan=False).map(str),
    st.integers(0, 10**7).map(lambda n: f"{n:,}".replace(",", ".")),
    st.tuples(st.integers(0, 10**6), st.integers(0, 999)).map(
        lambda t: f"{t[0]:,}".replace(",", ".") + f",{t[1]}"
    ),
    st.sampled_from(["", "0", "0,00", "2.5", "1.250", "1.250,5", "12,345", "x", "1e3"]),
)
digits = st.one_of(st.integers(0, 99999).map(str), st.sampled_from(["", "01", "x", "-1", "0"]))
row = st.fixed_dictionaries(
    {
        "kode_desa": st.sampled_from(["", *VILLAGES, "35.09.01.2001", "abc"]),
        "judul": st.sampled_from(["", "Jalan desa", "=SUM(A1)", "x" * 201, " Jamban  sehat "]),
        "masalah": st.sampled_from(["", "Masalah"]),
        "rt": digits,
        "rw": digits,
        "fisik": st.sampled_from(["", "ya", "TIDAK", "y", "mungkin", "1"]),
        "bidang_urusan": st.sampled_from(["", "social", "Sosial", "SOCIAL", "jalan"]),
        "volume": volume,
        "satuan": st.sampled_from(["", "m", "u" * 31]),
        "biaya": money,
        "penerima_manfaat": digits,
        "jenis_penerima": st.sampled_from(["", "person", "Rumah tangga", "warga"]),
        "peringkat": digits,
    }
)


def pipeline_chunk(rows: list[dict[str, str]], first_row: int) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS, dtype=pd.StringDtype("pyarrow"))
    frame.index = pd.RangeIndex(first_row, first_row + len(frame))
    frame.insert(0, "row_number", frame.index)
    assert PROPOSAL_SHEET.prepared is not None
    return PROPOSAL_SHEET.prepared(frame)


def _choice(value: str, choices: list[tuple[str, Any]]) -> str | None:
    for code, label in choices:
        if value.lower() in (code.lower(), str(label).lower()):
            return code
    return None


def reference(cells: dict[str, str]) -> tuple[set[str], dict[str, str]]:
    """(columns with a problem, the typed values) of one row, checked on its own."""
    c = {k: " ".join(v.split()) for k, v in cells.items()}
    bad: set[str] = set()
    typed: dict[str, str] = {}
    if c["kode_desa"] not in VILLAGES:
        bad.add("kode_desa")
    if not c["judul"] or len(c["judul"]) > 200 or c["judul"][0] in "=+@":
        bad.add("judul")
    if not c["masalah"]:
        bad.add("masalah")
    for col in ("rt", "rw"):
        if c[col] and not re.fullmatch(r"\d{1,3}", c[col]):
            bad.add(col)
    if c["fisik"].lower() not in {"ya", "y", "1", "true", "benar", "iya", "tidak", "t", "0",
                                   "false", "salah", "bukan"}:  # fmt: skip
        bad.add("fisik")
    if _choice(c["bidang_urusan"], list(FieldOfAffairs.choices)) is None:
        bad.add("bidang_urusan")
    try:
        typed["volume"] = f"{volume_parse(c['volume']):.2f}"
    except ValidationError:
        bad.add("volume")
    if not c["satuan"] or len(c["satuan"]) > 30:
        bad.add("satuan")
    try:
        typed["biaya"] = str(rupiah_parse(c["biaya"]))
    except ValidationError:
        bad.add("biaya")
    if not re.fullmatch(r"\d{1,9}", c["penerima_manfaat"]):
        bad.add("penerima_manfaat")
    if _choice(c["jenis_penerima"], list(Proposal.BeneficiaryKind.choices)) is None:
        bad.add("jenis_penerima")
    if c["peringkat"] and not (re.fullmatch(r"\d{1,4}", c["peringkat"]) and int(c["peringkat"])):
        bad.add("peringkat")
    return bad, typed


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(row, min_size=1, max_size=12), first_row=st.integers(2, 50_000))
def test_the_vectorised_checks_agree_with_one_row_at_a_time(rows, first_row):
    staged = chunk_check(pipeline_chunk(rows, first_row), villages=VILLAGES)
    assert list(staged["row_number"]) == list(range(first_row, first_row + len(rows)))
    for (_index, got), cells in zip(staged.iterrows(), rows, strict=True):
        import json

        found = {p["column"] for p in json.loads(got["errors"])}
        bad, typed = reference(cells)
        assert found == bad, (cells, json.loads(got["errors"]))
        if "volume" in typed:
            assert got["volume"] == typed["volume"]
        if "biaya" in typed:
            assert got["estimated_cost"] == typed["biaya"]


attendee = st.fixed_dictionaries(
    {
        "nama": st.sampled_from(["", "Siti Aminah", "=cmd", "n" * 151, "  Budi  "]),
        "lembaga": st.sampled_from(["", "PKK", "l" * 201]),
        "unsur": st.sampled_from(["", "women", "Organisasi perempuan", "DPRD", "bidan"]),
        "jenis_kelamin": st.sampled_from(["", "L", "p", "Perempuan", "laki-laki", "X"]),
        "disabilitas": st.sampled_from(["", "ya", "Tidak", "kadang"]),
        "mewakili_miskin": st.sampled_from(["", "1", "0", "iya", "?"]),
    }
)


def attendance_reference(cells: dict[str, str]) -> set[str]:
    from musrenbang.models import Attendance

    c = {k: " ".join(v.split()) for k, v in cells.items()}
    bad = set()
    if not c["nama"] or len(c["nama"]) > 150 or c["nama"][0] in "=+@":
        bad.add("nama")
    if len(c["lembaga"]) > 200:
        bad.add("lembaga")
    if c["unsur"] and _choice(c["unsur"], list(Attendance.Element.choices)) is None:
        bad.add("unsur")
    if c["jenis_kelamin"].lower() not in {"l", "p", "laki-laki", "perempuan"}:
        bad.add("jenis_kelamin")
    yes_no = {"", "ya", "y", "1", "true", "benar", "iya", "tidak", "t", "0", "false", "salah",
              "bukan"}  # fmt: skip
    for col in ("disabilitas", "mewakili_miskin"):
        if c[col].lower() not in yes_no:
            bad.add(col)
    return bad


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(attendee, min_size=1, max_size=10), first_row=st.integers(2, 5000))
def test_the_sign_in_sheet_checks_agree_with_one_row_at_a_time(rows, first_row):
    import json

    from musrenbang.imports.attendance import ATTENDANCE_SHEET
    from musrenbang.imports.attendance import COLUMNS as ATTENDANCE_COLUMNS
    from musrenbang.imports.attendance import chunk_check as attendance_check

    frame = pd.DataFrame(rows, columns=ATTENDANCE_COLUMNS, dtype=pd.StringDtype("pyarrow"))
    frame.index = pd.RangeIndex(first_row, first_row + len(frame))
    frame.insert(0, "row_number", frame.index)
    assert ATTENDANCE_SHEET.prepared is not None
    staged = attendance_check(ATTENDANCE_SHEET.prepared(frame))
    assert list(staged["row_number"]) == list(range(first_row, first_row + len(rows)))
    for (_index, got), cells in zip(staged.iterrows(), rows, strict=True):
        assert {p["column"] for p in json.loads(got["errors"])} == attendance_reference(cells)
