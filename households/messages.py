"""Why a batch row is refused or flagged: a code and its parameters are stored, the text is
translated when shown (page, rejected-rows file, API), in the language of the reader.

A problem is stored as ``{"column": header, "code": code, "params": {...}}``. Inside the
vectorised checks a problem travels as a *key*, ``code`` or ``code|{"param": ...}``, so that
columns of problems stay plain strings.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext, gettext_noop

# code -> Indonesian source text. "%s" takes the single parameter, "%(name)s" the named ones.
MESSAGES: dict[str, str] = {
    # one cell
    "action_required": gettext_noop("wajib diisi: tetap, perbaikan, baru atau hapus"),
    "required_for_new": gettext_noop("wajib diisi untuk aksi baru"),
    "reason_required": gettext_noop("wajib diisi bila aksi hapus"),
    "reason_ignored": gettext_noop("diabaikan karena aksi bukan hapus"),
    "too_long": gettext_noop("terlalu panjang (paling banyak %s karakter)"),
    "control_characters": gettext_noop("mengandung karakter kontrol yang tidak terlihat"),
    "name_no_letter": gettext_noop("harus berisi sedikitnya satu huruf"),
    "name_invisible": gettext_noop(
        "hanya berisi karakter yang tidak terlihat (mis. spasi lebar nol); tulis namanya"
    ),
    "formula": gettext_noop("diawali =, + atau @ (rumus spreadsheet); tulis tanpa tanda itu"),
    "digits": gettext_noop("harus angka, paling banyak %s digit"),
    "number_range": gettext_noop("harus bilangan %(min)s–%(max)s"),
    "date_unknown": gettext_noop("bukan tanggal yang dikenali (pakai YYYY-MM-DD atau DD-MM-YYYY)"),
    "date_future": gettext_noop("tanggal di masa depan"),
    "date_before_1900": gettext_noop("tanggal sebelum tahun 1900"),
    "yes_no": gettext_noop("isi ya atau tidak"),
    "choice": gettext_noop("bukan pilihan yang sah; pilihan: %s"),
    "sex": gettext_noop("isi L atau P"),
    "village_format": gettext_noop("harus kode desa seperti 35.05.01.2001"),
    # identifiers
    "nik_required": gettext_noop("NIK wajib diisi"),
    "nik_excel_number": gettext_noop(
        "NIK tersimpan sebagai angka Excel dan kehilangan digit; format kolom sebagai Teks"
    ),
    "nik_other_digits": gettext_noop(
        "NIK ditulis dengan angka selain 0–9 (misalnya angka lebar penuh atau Arab); "
        "tulis ulang dengan angka 0–9"
    ),
    "nik_length": gettext_noop("NIK harus 16 angka (tertulis %(n)s karakter)"),
    "nik_day": gettext_noop("NIK: tanggal lahir pada digit 7–8 harus 01–31 atau 41–71"),
    "nik_date": gettext_noop("NIK: digit 7–12 bukan tanggal yang ada"),
    "nik_serial": gettext_noop("NIK: nomor urut (4 digit terakhir) tidak boleh 0000"),
    "nik_region_unknown": gettext_noop(
        "NIK: kode wilayah %(code)s tidak ada di daftar wilayah saat ini"
    ),
    "nik_sex_differs": gettext_noop("NIK menunjukkan jenis kelamin lain dari yang tertulis"),
    "nik_birth_date_differs": gettext_noop("NIK menunjukkan tanggal lahir lain dari yang tertulis"),
    "kk_required": gettext_noop("No. KK wajib diisi"),
    "kk_excel_number": gettext_noop(
        "No. KK tersimpan sebagai angka Excel dan kehilangan digit; format kolom sebagai Teks"
    ),
    "kk_other_digits": gettext_noop(
        "No. KK ditulis dengan angka selain 0–9 (misalnya angka lebar penuh atau Arab); "
        "tulis ulang dengan angka 0–9"
    ),
    "kk_length": gettext_noop("No. KK harus 16 angka"),
    "kk_region": gettext_noop("No. KK harus diawali kode wilayah (provinsi 11–96)"),
    # against other rows and the registry
    "nik_twice_in_batch": gettext_noop("NIK muncul lebih dari sekali dalam batch ini"),
    "village_unknown": gettext_noop("kode desa tidak ada dalam daftar wilayah Kemendagri"),
    "village_out_of_scope": gettext_noop("desa ini di luar wilayah kerja Anda"),
    "village_required_for_new_kk": gettext_noop("wajib diisi untuk No. KK yang belum terdaftar"),
    "kk_unavailable": gettext_noop(
        "No. KK ini sudah tercatat di registri dan tidak dapat dipakai di sini; periksa "
        "nomornya, atau laporkan kepada sekretariat TKPK untuk ditelusuri"
    ),
    "nik_unavailable": gettext_noop(
        "NIK ini sudah tercatat di registri dan tidak dapat didaftarkan lagi; periksa "
        "nomornya, atau laporkan kepada sekretariat TKPK untuk ditelusuri"
    ),
    "nik_in_other_kk": gettext_noop(
        "NIK sudah terdaftar pada KK lain; pindahkan dengan aksi perbaikan"
    ),
    "nik_not_registered": gettext_noop("NIK belum ada di registri; gunakan aksi baru"),
    "reason_on_head_row": gettext_noop(
        "alasan mampu atau ganda berlaku untuk seluruh rumah tangga; tulis pada baris "
        "kepala keluarga"
    ),
    "household_values_differ": gettext_noop("berbeda dengan baris lain yang ber-No. KK sama"),
    "household_refused_together": gettext_noop(
        "ditolak karena baris lain dengan No. KK yang sama ditolak"
    ),
    "no_head": gettext_noop(
        "KK ini tidak memiliki kepala keluarga (kepala dihapus atau meninggal?); tetapkan "
        "kepala keluarga baru dengan aksi perbaikan"
    ),
    "two_heads": gettext_noop("KK ini memiliki lebih dari satu kepala keluarga"),
    "head_leaves_kk": gettext_noop(
        "kepala keluarga pindah dari KK %(kk)s dan KK itu tidak lagi memiliki kepala; "
        "tetapkan kepala baru untuk KK %(kk)s dalam batch yang sama"
    ),
}


def message_key(code: str, /, **params: Any) -> str:
    """The compact form of a problem used inside the vectorised checks."""
    if code not in MESSAGES:
        raise KeyError(code)
    if not params:
        return code
    return f"{code}|{json.dumps(params, ensure_ascii=False, sort_keys=True)}"


def key_problem(key: str) -> tuple[str, dict[str, Any]]:
    code, _, params = key.partition("|")
    return code, json.loads(params) if params else {}


@lru_cache(maxsize=4096)
def problem_json(column: str, key: str) -> str:
    """The stored JSON object of the problem ``key`` about ``column``."""
    code, params = key_problem(key)
    entry: dict[str, Any] = {"column": column, "code": code}
    if params:
        entry["params"] = params
    return json.dumps(entry, ensure_ascii=False)


def problem_text(problem: dict[str, Any]) -> str:
    """The reason in the active language. Rows stored before codes keep their text."""
    code = problem.get("code")
    if code not in MESSAGES:
        return str(problem.get("message", ""))
    text = gettext(MESSAGES[code])
    params = problem.get("params") or {}
    if not params:
        return text
    if "%s" in text and len(params) == 1:
        return text % next(iter(params.values()))
    return text % params


def key_text(key: str) -> str:
    code, params = key_problem(key)
    return problem_text({"code": code, "params": params})


def problem_output(problem: dict[str, Any]) -> dict[str, Any]:
    """A problem as shown to people and systems: column, code, parameters and the text."""
    return {
        "column": problem.get("column", ""),
        "code": problem.get("code", ""),
        "params": problem.get("params") or {},
        "message": problem_text(problem),
    }


def problems_line(problems: list[dict[str, Any]]) -> str:
    return "; ".join(f"{p.get('column', '')}: {problem_text(p)}" for p in problems)


# ---------------------------------------------------------------- rows stored as text


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str, list[str]]]:
    patterns = []
    for code, text in MESSAGES.items():
        names: list[str] = []

        def group(match: re.Match[str], names: list[str] = names) -> str:
            name = match.group(1) or "value"
            if name in names:
                return f"(?P={name})"
            names.append(name)
            return f"(?P<{name}>.+?)"

        regex = re.sub(r"%\\\((\w+)\\\)s|%s", group, re.escape(text))
        patterns.append((re.compile(f"^{regex}$"), code, names))
    return patterns


def problem_from_text(entry: dict[str, Any]) -> dict[str, Any]:
    """``{"column", "message"}`` written before codes -> ``{"column", "code", "params"}``
    when the text is one of ours (in Indonesian); otherwise unchanged."""
    if "code" in entry or "message" not in entry:
        return entry
    message = str(entry["message"])
    for pattern, code, names in _patterns():
        match = pattern.match(message)
        if match is None:
            continue
        result: dict[str, Any] = {"column": entry.get("column", ""), "code": code}
        params = {
            _SINGLE_PARAM.get(code, name) if name == "value" else name: _number_or_text(
                match.group(name)
            )
            for name in names
        }
        if params:
            result["params"] = params
        return result
    return entry


def _number_or_text(value: str) -> Any:
    return int(value) if value.isdigit() else value


# The name of the one parameter of "%s" messages.
_SINGLE_PARAM = {"too_long": "max", "digits": "max", "choice": "choices"}
