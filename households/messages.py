"""Why a registry batch row is refused or flagged: the codes of the registry import
(declared on ``households.imports.REGISTRY_BATCH``; stored and shown by
``tkpk.tabular.reasons``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from tkpk.tabular import reasons

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


# The name of the one parameter of "%s" messages, for rows stored before codes.
SINGLE_PARAM = {"too_long": "max", "digits": "max", "choice": "choices"}


def problem_from_text(entry: dict[str, Any]) -> dict[str, Any]:
    """A registry row's reason stored as text -> its code (``tkpk.tabular.reasons``)."""
    return reasons.problem_from_text(entry, single_param=SINGLE_PARAM)


reasons.row_messages_add(MESSAGES)
