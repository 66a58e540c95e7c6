"""The vectorised NIK and KK checks agree with a plain reference written here, one value at
a time with int() and datetime.date, on generated identifiers: every province code 11-96
(91-96 exceed 2**53), women's day + 40, 29 February in leap and other years, the century
pivot of the 2-digit year, serial 0000, wrong lengths, and every digit, space and
zero-width character Python knows. Inputs are shaped as the pipeline shapes them: Arrow
strings and dates, row numbers as the index starting anywhere (a later chunk), gaps where
blank rows were dropped."""

from __future__ import annotations

import json
import sys
import unicodedata
from datetime import date
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from households.identifiers import kk_errors, nik_errors, nik_warnings
from households.normalise import name_search_keys, normalise
from tkpk.tabular.reasons import key_problem

TODAY = date.today()
ASCII_DIGITS = "0123456789"
EVERY_CHARACTER = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
# Decimal digits of other scripts, by value: full-width, Arabic-Indic, Devanagari, Thai...
OTHER_DIGITS = {
    value: [
        ch for ch in EVERY_CHARACTER if ch.isdecimal() and not ch.isascii() and int(ch) == value
    ]
    for value in range(10)
}
# Digits to str.isdigit that are no decimal digit: superscripts, circled numbers.
LOOKALIKES = [ch for ch in EVERY_CHARACTER if ch.isdigit() and not ch.isdecimal()]
SPACES = [ch for ch in EVERY_CHARACTER if ch.isspace() or unicodedata.category(ch) == "Zs"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e", "\u200e", "\u200f"]
ODD = [*LOOKALIKES, *SPACES, *ZERO_WIDTH, *ASCII_DIGITS, "A", "e", "E", "+", ".", "-", "x"]

PROPERTIES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ------------------------------------------------------------------ the plain reference


def ref_cell(cell: str) -> str:
    """An identifier cell as a batch reads it: invisible format characters dropped,
    whitespace stripped, decimal digits of any script written 0-9."""
    visible = "".join(ch for ch in cell if unicodedata.category(ch) != "Cf")
    return "".join(str(int(ch)) if ch.isdecimal() else ch for ch in visible.strip())


def sixteen_digits(text: str) -> bool:
    return len(text) == 16 and all(ch in ASCII_DIGITS for ch in text)


def excel_number(text: str) -> bool:
    """'3.50501E+15' and the like: an e followed by a digit (or +digit), or a point, some
    digits and an e."""
    for i, ch in enumerate(text):
        if ch not in "eE":
            continue
        after = text[i + 1 :]
        if after[:1] in set(ASCII_DIGITS) or (after[:1] == "+" and after[1:2] in set(ASCII_DIGITS)):
            return True
        if text[:i].rstrip(ASCII_DIGITS).endswith("."):
            return True
    return False


def other_digits(text: str) -> bool:
    return any(ch.isdecimal() and ch not in ASCII_DIGITS for ch in text)


def born_from_nik(nik: str) -> tuple[int, int, int]:
    """Day, month and the 2-digit year written in a NIK (women's day less 40)."""
    day = int(nik[6:8])
    return (day - 40 if day > 40 else day), int(nik[8:10]), int(nik[10:12])


def ref_nik_problem(nik: str) -> tuple[str, dict[str, Any]] | None:
    if nik == "":
        return "nik_required", {}
    if not sixteen_digits(nik):
        if excel_number(nik):
            return "nik_excel_number", {}
        if other_digits(nik):
            return "nik_other_digits", {}
        return "nik_length", {"n": len(nik)}
    written_day = int(nik[6:8])
    if not (1 <= written_day <= 31 or 41 <= written_day <= 71):
        return "nik_day", {}
    day, month, year2 = born_from_nik(nik)
    # A 2-digit year is this century's unless that is still to come.
    year = 2000 + year2 if 2000 + year2 <= TODAY.year else 1900 + year2
    try:
        date(year, month, day)
    except ValueError:
        return "nik_date", {}
    if int(nik[12:16]) == 0:
        return "nik_serial", {}
    return None


def ref_kk_problem(kk: str) -> tuple[str, dict[str, Any]] | None:
    if kk == "":
        return "kk_required", {}
    if not sixteen_digits(kk):
        if excel_number(kk):
            return "kk_excel_number", {}
        if other_digits(kk):
            return "kk_other_digits", {}
        return "kk_length", {}
    if not 11 <= int(kk[0:2]) <= 96:
        return "kk_region", {}
    return None


def ref_nik_warnings(
    nik: str, sex: str | None, born: date | None, known: set[str]
) -> list[tuple[str, dict[str, Any]]]:
    if ref_nik_problem(nik) is not None:
        return []
    found: list[tuple[str, dict[str, Any]]] = []
    district = f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"
    if district not in known:
        found.append(("nik_region_unknown", {"code": district}))
    if sex in ("L", "P") and sex != ("P" if int(nik[6:8]) > 40 else "L"):
        found.append(("nik_sex_differs", {}))
    if born is not None and (born.day, born.month, born.year % 100) != born_from_nik(nik):
        found.append(("nik_birth_date_differs", {}))
    return found


# ------------------------------------------------------------------ generated inputs

THIS_YEAR = TODAY.year % 100
DAYS = [0, 1, 9, 28, 29, 30, 31, 32, 40, 41, 68, 69, 70, 71, 72, 99]
MONTHS = [0, 1, 2, 12, 13]
YEARS = [0, 4, 96, 99, THIS_YEAR - 1, THIS_YEAR, (THIS_YEAR + 1) % 100]


@st.composite
def identifier_numbers(draw: Any) -> str:
    """16 ASCII digits shaped like a NIK (a KK has the same shape): mostly plausible, with
    the edges drawn often."""
    # Papua's 91-96 drawn often: above 2**53, where a float would change the last digit.
    province = draw(
        st.integers(11, 96) | st.sampled_from([91, 94, 96]) | st.sampled_from([0, 10, 97, 99])
    )
    district = draw(st.integers(0, 9999))
    if draw(st.booleans()):  # 29 February, of a man or a woman, in any year
        day, month = draw(st.sampled_from([29, 69])), 2
    else:
        day = draw(st.sampled_from(DAYS) | st.integers(0, 99))
        month = draw(st.sampled_from(MONTHS) | st.integers(1, 12))
    year2 = draw(st.sampled_from(YEARS) | st.integers(0, 99))
    serial = draw(st.sampled_from([0, 1, 9999]) | st.integers(0, 9999))
    return f"{province:02d}{district:04d}{day:02d}{month:02d}{year2:02d}{serial:04d}"


@st.composite
def identifier_cells(draw: Any) -> str:
    """What an operator's file may hold in a NIK or KK cell: the number as it is (often),
    or in digits of other scripts, wrapped in spaces and invisible characters, with a
    character more or less, as Excel writes long numbers, or any odd text."""
    number = draw(identifier_numbers())
    form = draw(st.sampled_from(["as is", "other scripts", "edited", "excel", "any text"]))
    if form == "as is":
        return number
    if form == "excel":
        return f"{int(number):.5E}"
    if form == "any text":
        return draw(st.text(alphabet=st.sampled_from(ODD), max_size=20))
    chars = list(number)
    if form == "other scripts":
        chars = [
            draw(st.sampled_from(OTHER_DIGITS[int(ch)])) if draw(st.booleans()) else ch
            for ch in chars
        ]
        for _ in range(draw(st.integers(0, 2))):  # invisible, so harmless, inside
            chars.insert(draw(st.integers(0, len(chars))), draw(st.sampled_from(ZERO_WIDTH)))
    else:
        for _ in range(draw(st.integers(1, 2))):  # a character inserted or lost
            at = draw(st.integers(0, len(chars) - 1))
            if draw(st.booleans()):
                del chars[at]
            else:
                chars.insert(at, draw(st.sampled_from(ODD)))
    around = st.text(alphabet=st.sampled_from([*SPACES, *ZERO_WIDTH]), max_size=3)
    return draw(around) + "".join(chars) + draw(around)


@st.composite
def row_numbers(draw: Any, size: int) -> pd.Index:
    """Row numbers of a chunk: from 2 or from wherever an earlier chunk ended (200002 for
    the second 200k chunk), with gaps where blank rows were dropped."""
    first = draw(st.sampled_from([2, 200_002, 1_000_002]) | st.integers(2, 10**7))
    gaps = draw(st.lists(st.sampled_from([1, 1, 1, 2, 5]), min_size=size, max_size=size))
    return pd.Index([first + sum(gaps[:i]) for i in range(size)], dtype="int64")


def arrow_text(values: list[str | None], index: pd.Index) -> pd.Series:
    return pd.Series(values, index=index, dtype=pd.StringDtype("pyarrow"))


def problem(key: str) -> tuple[str, dict[str, Any]] | None:
    return key_problem(key) if key else None


# ------------------------------------------------------------------ the properties


@PROPERTIES
@given(data=st.data(), cells=st.lists(identifier_cells(), min_size=1, max_size=25))
def test_nik_and_kk_errors_agree_with_the_reference(data, cells):
    index = data.draw(row_numbers(len(cells)))
    niks = arrow_text(cells, index)
    nik_found = nik_errors(niks)
    kk_found = kk_errors(niks)
    assert nik_found.index.equals(index) and kk_found.index.equals(index)
    for cell, nik_key, kk_key in zip(cells, nik_found, kk_found, strict=True):
        assert problem(nik_key) == ref_nik_problem(cell), repr(cell)
        assert problem(kk_key) == ref_kk_problem(cell), repr(cell)


@PROPERTIES
@given(data=st.data(), numbers=st.lists(identifier_numbers(), min_size=1, max_size=25))
def test_nik_warnings_agree_with_the_reference(data, numbers):
    index = data.draw(row_numbers(len(numbers)))
    sexes = data.draw(st.lists(st.sampled_from(["L", "P", None]), min_size=len(numbers)))
    sexes = sexes[: len(numbers)]
    born = [
        data.draw(
            st.none()
            | st.dates(date(1900, 1, 1), TODAY)
            | st.just(_nik_date(nik, data.draw(st.sampled_from([0, 100]))))
        )
        for nik in numbers
    ]
    districts = sorted({f"{n[0:2]}.{n[2:4]}.{n[4:6]}" for n in numbers})
    known = set(data.draw(st.lists(st.sampled_from(districts), unique=True)))

    found = nik_warnings(
        arrow_text(numbers, index),
        sexes=arrow_text(sexes, index),
        birth_dates=pd.Series(born, index=index, dtype="date32[pyarrow]"),
        known_districts=known,
    )

    for row, nik in enumerate(numbers):
        got = [problem(kind.iloc[row]) for kind in found]
        assert [p for p in got if p] == ref_nik_warnings(nik, sexes[row], born[row], known), nik


def _nik_date(nik: str, centuries: int) -> date | None:
    """The birth date a NIK says (in 1900-2099, moved by whole centuries), if there is one."""
    if not sixteen_digits(nik):
        return None
    day, month, year2 = born_from_nik(nik)
    try:
        born = date(1900 + year2 + centuries, month, day)
    except ValueError:
        return None
    return born if born <= TODAY else None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    rows=st.lists(
        st.tuples(
            identifier_cells(),
            identifier_cells(),
            st.sampled_from(["L", "P", "l", "p", ""]),
            st.none() | st.dates(date(1900, 1, 1), TODAY) | st.sampled_from([0, 100]),
        ),
        min_size=1,
        max_size=20,
    ),
    dtype=st.sampled_from([pd.StringDtype("pyarrow"), object]),
)
def test_a_chunk_normalised_as_the_pipeline_does_agrees_with_the_reference(data, rows, dtype):
    """Through ``normalise``: cells as the CSV reader (Arrow) or the XLSX reader (object)
    hands them over, row numbers as the index."""
    index = data.draw(row_numbers(len(rows)))
    # A whole number of centuries stands for the birth date the NIK itself says.
    rows = [
        (nik, kk, sex, _nik_date(ref_cell(nik), born) if isinstance(born, int) else born)
        for nik, kk, sex, born in rows
    ]
    districts = sorted(
        {f"{c[0:2]}.{c[2:4]}.{c[4:6]}" for cell, _, _, _ in rows if len(c := ref_cell(cell)) > 6}
    )
    known = (
        set(data.draw(st.lists(st.sampled_from(districts), unique=True))) if districts else set()
    )
    frame = pd.DataFrame(
        {
            "row_number": index,
            "aksi": "tetap",
            "no_kk": [kk for _, kk, _, _ in rows],
            "nik": [nik for nik, _, _, _ in rows],
            "jenis_kelamin": [sex for _, _, sex, _ in rows],
            "tanggal_lahir": [born.isoformat() if born else "" for _, _, _, born in rows],
        },
        index=index,
    ).astype({c: dtype for c in ("aksi", "no_kk", "nik", "jenis_kelamin", "tanggal_lahir")})

    out = normalise(frame, known_districts=known)

    assert out.index.equals(index)
    for (nik_cell, kk_cell, sex, born), (_, row) in zip(rows, out.iterrows(), strict=True):
        nik, kk = ref_cell(nik_cell), ref_cell(kk_cell)
        errors = {p["column"]: (p["code"], p.get("params", {})) for p in _json(row["errors"])}
        assert errors.get("nik") == ref_nik_problem(nik), repr(nik_cell)
        assert errors.get("no_kk") == ref_kk_problem(kk), repr(kk_cell)
        assert row["nik"] == ("" if ref_nik_problem(nik) else nik)
        assert row["kk"] == ("" if ref_kk_problem(kk) else kk)
        warnings = [
            (p["code"], p.get("params", {})) for p in _json(row["warnings"]) if p["column"] == "nik"
        ]
        assert warnings == ref_nik_warnings(nik, sex.upper() or None, born, known), repr(nik_cell)


def _json(text: str) -> list[dict[str, Any]]:
    return json.loads(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    names=st.lists(
        st.text(max_size=30)
        | st.text(alphabet=st.sampled_from([*SPACES, *ZERO_WIDTH, "\u3164", "a", "Ж"]), max_size=5),
        min_size=1,
        max_size=10,
    ),
)
def test_a_name_that_passes_always_has_a_search_key_its_search_finds(data, names):
    """What the commit needs of every accepted row: a non-empty key that fits the column,
    the one a search for the whole name computes."""
    index = data.draw(row_numbers(len(names)))
    frame = pd.DataFrame(
        {"row_number": index, "nama": arrow_text([n.replace("\x00", "") for n in names], index)},
        index=index,
    )
    out = normalise(frame, known_districts=set())
    for (_, row), key in zip(out.iterrows(), out["name_search"], strict=True):
        refused = any(p["column"] == "nama" for p in _json(row["errors"]))
        if refused or pd.isna(row["name"]):
            continue
        assert key and len(key) <= 100, repr(row["name"])
        assert any(ch.isalpha() for ch in row["name"])
        assert name_search_keys(pd.Series([row["name"]])).iloc[0] == key


def test_the_reference_knows_the_edges():
    """The reference itself, on cases worked out by hand."""
    assert ref_nik_problem("3505012902000001") is None  # 29 Feb 2000
    assert ref_nik_problem("3505016902960001") is None  # a woman born 29 Feb 1996
    assert ref_nik_problem("3505012902230001") == ("nik_date", {})  # 2023 is not leap
    assert ref_nik_problem("9471015506900000") == ("nik_serial", {})
    assert ref_nik_problem("3.50501E+15") == ("nik_excel_number", {})
    assert ref_cell("\ufeff ３５٠５\u200b ") == "3505"
    assert ref_kk_problem("9705010101200001") == ("kk_region", {})
    assert ref_nik_warnings("3505015203850001", "P", date(1985, 3, 12), {"35.05.01"}) == []
    assert ref_nik_warnings("3505015203850001", "L", date(2085 - 100, 3, 13), set()) == [
        ("nik_region_unknown", {"code": "35.05.01"}),
        ("nik_sex_differs", {}),
        ("nik_birth_date_differs", {}),
    ]
