"""Normalising a chunk of batch cells: every check that needs only the row itself, done a
column at a time (each distinct cell parsed once). What needs other rows or the registry is
checked in SQL (``households.reconcile``)."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
from django.utils import timezone

import households.messages  # noqa: F401  (registers the registry's reason codes)
from households.columns import COLUMNS, Column
from households.identifiers import kk_errors, nik_errors, nik_warnings
from tkpk.tabular.reasons import message_key, problem_json

TRUE_WORDS = {"ya", "y", "1", "true", "benar", "yes"}
FALSE_WORDS = {"tidak", "t", "0", "false", "salah", "no", "tdk"}
FORMULA_START = ("=", "+", "@")
# Spelled out (with the no-break spaces Excel pastes) rather than \s, which pandas hands to
# Python's re cell by cell instead of to Arrow.
WHITESPACE = "[ \t\n\r\f\v\u00a0\u2007\u202f]+"
# Unicode's default-ignorable characters outside the format category (Cf, also invisible):
# combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian and other
# variation selectors. They show nothing.
IGNORABLE = frozenset(
    [
        *(0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x3164, 0xFFA0),
        *range(0xFE00, 0xFE10),
        *range(0xE0100, 0xE01F0),
    ]
)
# name_search is a varchar(100); NFKD can lengthen a name (one 'ǆ' -> 'dž' -> 'dz').
NAME_KEY_LENGTH = 100
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
# The type of a parsed value by column kind; the other kinds are text.
ARROW_TYPES = {"int": pa.int64(), "date": pa.date32(), "bool": pa.bool_()}
# Kinds kept as written; every other cell is a number or a code (see code_text).
FREE_TEXT_KINDS = {"text", "name"}
# Columns no row may leave blank, whatever its action.
ALWAYS_REQUIRED = {
    "aksi": message_key("action_required"),
    "no_kk": message_key("kk_required"),
    "nik": message_key("nik_required"),
}


def normalise(frame: pd.DataFrame, *, known_districts: set[str]) -> pd.DataFrame:
    """Typed values for every known column plus ``errors``, ``warnings`` and ``raw`` (JSON)."""
    present = [col for col in COLUMNS if col.header in frame.columns]
    out = pd.DataFrame(index=frame.index)
    out["row_number"] = frame["row_number"].astype(int)
    messages: list[tuple[str, pd.Series]] = []
    warnings: list[tuple[str, pd.Series]] = []
    cleaned = {col.header: _clean(frame[col.header]) for col in present}
    for col in present:
        value, error = _parse(col, cleaned[col.header], required=ALWAYS_REQUIRED.get(col.header))
        # A value that failed its check is not kept typed (it may not even fit the column);
        # the row keeps the cell as uploaded in ``raw``.
        out[col.field] = value.where(error.eq(""), None)
        messages.append((col.header, error))
    for col in COLUMNS:
        if col.field not in out:
            out[col.field] = None

    action = out["action"].fillna("")
    for header, field_name in [
        ("kode_desa", "village_code"),
        ("nama", "name"),
        ("hubungan_keluarga", "relation"),
        ("jenis_kelamin", "sex"),
        ("tanggal_lahir", "birth_date"),
    ]:
        blank = action.eq("baru") & out[field_name].isna() & _no_error(messages, header)
        messages.append((header, _rows_where(blank, message_key("required_for_new"))))
    no_reason = (
        action.eq("hapus") & out["removal_reason"].isna() & _no_error(messages, "alasan_hapus")
    )
    messages.append(("alasan_hapus", _rows_where(no_reason, message_key("reason_required"))))

    checked_niks = out["nik"].fillna("")  # NIKs that failed their check are blank by now
    for nik_warning in nik_warnings(
        checked_niks,
        sexes=out["sex"],
        birth_dates=out["birth_date"],
        known_districts=known_districts,
        well_formed=checked_niks.ne(""),
    ):
        warnings.append(("nik", nik_warning))
    ignored_reason = ~action.eq("hapus") & out["removal_reason"].notna()
    warnings.append(("alasan_hapus", _rows_where(ignored_reason, message_key("reason_ignored"))))

    out["name_search"] = name_search_keys(out["name"])
    out["errors"] = _json_messages(messages, index=out.index)
    out["warnings"] = _json_messages(warnings, index=out.index)
    # The cells as uploaded are kept only where something is wrong with the row.
    out["raw"] = None
    has_errors = out["errors"].ne("[]")
    if has_errors.any():
        raw = frame.loc[has_errors, [c for c in frame.columns if c != "row_number"]]
        # One JSON object per line, in the rows' order. Split on "\n" only (JSON escapes
        # it inside strings): splitlines() also splits on U+2028, U+2029 and U+0085, which
        # JSON leaves as they are in a cell.
        lines = raw.to_json(orient="records", lines=True, force_ascii=False).split("\n")
        out.loc[has_errors, "raw"] = lines[: len(raw)]
    for text_field in ("kk", "nik", "village_code", "action", "removal_reason"):
        out[text_field] = out[text_field].fillna("")
    return out


def _clean(values: pd.Series) -> pd.Series:
    return values.fillna("").astype("string[pyarrow]").str.strip()


def code_text(values: pd.Series) -> pd.Series:
    """Cells read as numbers or codes (every column but free text) as people meant them:
    decimal digits of any script written 0-9 ('３５' and '٣٥' are 35), invisible characters
    (zero-width space, byte-order mark, direction marks) dropped, whitespace stripped.

    Normalising rather than refusing: these digits are the same numbers, Unicode says which,
    and whoever typed them (a full-width keyboard, a copy from a PDF) cannot see what is wrong
    with the cell. The stored value is then the one the registry and other lists use.
    Only the rare non-ASCII cells are looked at, in Python."""
    non_ascii = ~values.str.isascii().astype(bool)
    if not non_ascii.any():
        return values
    plain = values[non_ascii].map(_plain_code).astype(values.dtype)
    return values.mask(non_ascii, plain)


def _plain_code(text: str) -> str:
    kept = (str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)
    return "".join(ch for ch in kept if not _unseen(ch)).strip()


def _unseen(ch: str) -> bool:
    """A character that shows nothing and is not a space: format characters (Cf) and the
    other default-ignorable ones."""
    return unicodedata.category(ch) == "Cf" or ord(ch) in IGNORABLE


def name_search_keys(names: pd.Series) -> pd.Series:
    """'Sutrisno Hadí' -> 'SUTRISNO HADI': the key that name search matches by prefix.

    A name without Latin letters (Javanese script, Cyrillic) keeps its own letters: folding
    it to ASCII would leave nothing to search by (and nothing to store)."""
    text = names.astype("string[pyarrow]").fillna("")
    # Accents are folded in Python (Arrow has no Unicode decomposition): only for the few
    # names that need it.
    accented = ~text.str.isascii()
    if accented.any():
        original = text[accented]
        folded = (
            original.str.normalize("NFKD")
            .str.replace(r"[^\x00-\x7F]+", "", regex=True)
            .astype("string[pyarrow]")
        )
        other_script = ~folded.str.contains("[A-Za-z]", regex=True).astype(bool)
        if other_script.any():
            own = original[other_script].map(_own_letters_key).astype("string[pyarrow]")
            folded = folded.mask(other_script, own)
        text = text.mask(accented, folded)
    keys = (
        text.str.replace(WHITESPACE, " ", regex=True)
        .str.strip()
        .str.upper()
        .str.slice(0, NAME_KEY_LENGTH)
        .str.rstrip()
    )
    return keys.astype(object).where(keys.ne(""), None)


def _own_letters_key(name: str) -> str:
    return unicodedata.normalize("NFKC", "".join(ch for ch in name if not _unseen(ch)))


def _where(mask: pd.Series, message: str) -> pd.Series:
    return pd.Series(np.where(mask, message, ""), index=mask.index, dtype=object)


def _no_error(messages: list[tuple[str, pd.Series]], header: str) -> pd.Series:
    result = None
    for name, series in messages:
        if name == header:
            ok = series.eq("")
            result = ok if result is None else result & ok
    return result if result is not None else True


def _parse(
    col: Column, text: pd.Series, *, required: str | None = None
) -> tuple[pd.Series, pd.Series]:
    """Parse each distinct cell once: most columns hold a handful of distinct values. A blank
    cell has no value, and no problem unless the column is ``required``."""
    codes, uniques = pd.factorize(text)
    distinct = pd.Series(uniques)
    if col.kind not in FREE_TEXT_KINDS:
        distinct = code_text(distinct)
    empty = distinct.eq("")
    value, error = _PARSERS[col.kind](col, distinct, empty)
    value = value.astype(object).where(~empty, None)
    error = error.astype(object).where(~empty, required or "")
    # Typed Arrow arrays, taken from the distinct values: no Python object per cell, and
    # staging hands them to Arrow's CSV writer as they are.
    kind = ARROW_TYPES.get(col.kind, pa.string())
    typed = pa.array(value.to_numpy(dtype=object), type=kind, from_pandas=True)
    row_values = pd.Series(
        pd.arrays.ArrowExtensionArray(typed.take(pa.array(codes))), index=text.index
    )
    return row_values, _problems_by_code(error.to_numpy(dtype=object), codes, index=text.index)


def _problems_by_code(keys: np.ndarray, codes: np.ndarray, *, index: pd.Index) -> pd.Series:
    """Problem keys per row as a categorical: comparing and encoding them then works on the
    few distinct keys instead of on every row."""
    key_codes, distinct_keys = pd.factorize(keys)
    return pd.Series(
        pd.Categorical.from_codes(key_codes[codes], categories=distinct_keys), index=index
    )


def _rows_where(mask: pd.Series, key: str) -> pd.Series:
    """``key`` on the rows of ``mask``, '' elsewhere (categorical, see _problems_by_code)."""
    flags = mask.fillna(False).to_numpy(dtype=bool).astype(np.int8)
    return pd.Series(pd.Categorical.from_codes(flags, categories=["", key]), index=mask.index)


def _parse_text(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    value = text.str.replace(WHITESPACE, " ", regex=True)
    error = pd.Series("", index=text.index, dtype=object)
    error[value.str.len() > col.max_length] = message_key("too_long", max=col.max_length)
    error[text.str.contains(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", regex=True)] = message_key(
        "control_characters"
    )
    error[value.str.startswith(FORMULA_START)] = message_key("formula")
    return value, error


def _parse_name(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Free text that must hold a letter, of any script: digits or marks alone, or invisible
    characters alone (a zero-width space pasted as the name), are no name and would leave
    nothing to search by. Letters outside ASCII are looked for in Python, in the rare names
    that have no ASCII letter."""
    value, error = _parse_text(col, text, empty)
    unchecked = ~empty.to_numpy(dtype=bool) & error.eq("").to_numpy(dtype=bool)
    letter = text.str.contains("[A-Za-z]", regex=True).to_numpy(dtype=bool)
    others = unchecked & ~letter & ~text.str.isascii().to_numpy(dtype=bool)
    if others.any():
        letter[others] = [_has_letter(name) for name in text[others]]
    no_letter = unchecked & ~letter
    if no_letter.any():
        invisible = np.zeros(len(text), dtype=bool)
        invisible[no_letter] = [_invisible(name) for name in text[no_letter]]
        error[no_letter & ~invisible] = message_key("name_no_letter")
        error[invisible] = message_key("name_invisible")
    return value, error


def _has_letter(name: str) -> bool:
    return any(ch.isalpha() and not _unseen(ch) for ch in name)


def _invisible(name: str) -> bool:
    return all(ch.isspace() or _unseen(ch) for ch in name)


def _parse_digits(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    ok = text.str.fullmatch(rf"[0-9]{{1,{col.max_length}}}")
    value = text.where(~ok, text.astype(object).str.zfill(col.max_length))
    return value, _where(~ok, message_key("digits", max=col.max_length))


def _parse_int(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    number = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    rounded = number.round()
    bad = number.isna() | ~rounded.between(col.min_value, col.max_value)
    value = rounded.where(~bad).astype("Int64").astype(object).where(~bad, None)
    message = message_key("number_range", min=col.min_value, max=col.max_value)
    return value, _where(bad, message)


def _parse_date(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y"):
        unparsed = parsed.isna() & ~empty
        if not unparsed.any():
            break
        parsed[unparsed] = pd.to_datetime(text[unparsed], format=fmt, errors="coerce")
    serial = pd.to_numeric(text.where(text.str.fullmatch(r"[0-9]{1,5}(\.0+)?")), errors="coerce")
    from_serial = EXCEL_EPOCH + pd.to_timedelta(serial, unit="D")
    parsed = parsed.fillna(from_serial.where(serial.between(1, 73000)))
    # The registry's day is Jakarta's (TIME_ZONE), not the server clock's.
    today = pd.Timestamp(timezone.localdate())
    future = parsed > today
    too_old = parsed < pd.Timestamp("1900-01-01")
    error = _where(parsed.isna(), message_key("date_unknown"))
    error[future] = message_key("date_future")
    error[too_old] = message_key("date_before_1900")
    ok = parsed.notna() & ~future & ~too_old
    value = parsed.dt.date.astype(object).where(ok, None)
    return value, error


def _parse_bool(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    lower = text.str.lower()
    value = pd.Series(None, index=text.index, dtype=object)
    value[lower.isin(TRUE_WORDS)] = True
    value[lower.isin(FALSE_WORDS)] = False
    return value, _where(value.isna(), message_key("yes_no"))


def _parse_choice(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    assert col.choices is not None
    code = text.str.lower().str.replace(r"[\s\-/]+", "_", regex=True)
    valid = code.isin(col.choices.values)
    message = message_key("choice", choices=", ".join(col.choices.values))
    return code.where(valid, None), _where(~valid, message)


def _parse_sex(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    lower = text.str.lower()
    value = pd.Series(None, index=text.index, dtype=object)
    value[lower.isin(["l", "laki-laki", "laki laki", "lk", "pria"])] = "L"
    value[lower.isin(["p", "perempuan", "pr", "wanita"])] = "P"
    return value, _where(value.isna(), message_key("sex"))


def _parse_village(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    undotted = text.str.fullmatch(r"[0-9]{10}")
    dotted = text.where(
        ~undotted,
        text.str[0:2] + "." + text.str[2:4] + "." + text.str[4:6] + "." + text.str[6:10],
    )
    ok = dotted.str.fullmatch(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}")
    return dotted.where(ok, None), _where(~ok, message_key("village_format"))


def _parse_nik(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    return text, nik_errors(text)


def _parse_kk(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    return text, kk_errors(text)


_PARSERS = {
    "text": _parse_text,
    "name": _parse_name,
    "digits": _parse_digits,
    "int": _parse_int,
    "date": _parse_date,
    "bool": _parse_bool,
    "choice": _parse_choice,
    "sex": _parse_sex,
    "village": _parse_village,
    "nik": _parse_nik,
    "kk": _parse_kk,
}


def _json_messages(pairs: list[tuple[str, pd.Series]], *, index: pd.Index) -> pd.Series:
    """'[{"column": ..., "code": ..., "params": ...}, ...]' per row, built column-wise (no
    row loop); ``pairs`` hold problem keys."""
    joined = np.full(len(index), "", dtype=object)
    for header, series in pairs:
        if not series.index.equals(index):  # combined by position below
            raise ValueError(f"problems of {header} are not about the rows of the chunk")
        has = (series.ne("") & series.notna()).to_numpy(dtype=bool)
        if not has.any():
            continue
        encoded = series[has].map(lambda key, h=header: problem_json(h, key))
        encoded = encoded.to_numpy(dtype=object)
        before = joined[has]
        joined[has] = np.where(before == "", encoded, before + "," + encoded)
    result = np.full(len(index), "[]", dtype=object)
    found = joined != ""
    result[found] = "[" + joined[found] + "]"
    return pd.Series(result, index=index, dtype=object)
