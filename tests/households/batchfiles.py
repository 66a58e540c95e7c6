"""Small verification batch files written the way operators write them."""

from __future__ import annotations

import csv
import io

from households.columns import COLUMNS

HEADERS = [col.header for col in COLUMNS]


def member(**values: str) -> dict[str, str]:
    """A row with sensible defaults for a new member of KK 3505010101200001 in Jaten."""
    row = {
        "aksi": "baru",
        "no_kk": "3505010101200001",
        "kode_desa": "35.05.01.2001",
        "alamat": "Dusun Krajan",
        "rt": "1",
        "rw": "2",
        "desil": "1",
        "sumber_desil": "DTSEN",
        "atap": "genteng",
        "dinding": "bambu",
        "lantai": "tanah",
        "luas_lantai": "30",
        "sumber_air": "sumur_tak_terlindung",
        "jamban": "bersama",
        "penerangan": "pln_tanpa_meteran",
        "bahan_bakar": "kayu_bakar",
        "makan_sehari": "2",
        "punya_aset_500rb": "tidak",
        "nik": "3505011203850001",
        "nama": "Sutrisno",
        "hubungan_keluarga": "kepala",
        "jenis_kelamin": "L",
        "tanggal_lahir": "1985-03-12",
        "pendidikan": "sd",
        "pekerjaan": "buruh_tani",
        "disabilitas": "tidak",
    }
    row.update(values)
    return row


def family(
    kk: str = "3505010101200001", village: str = "35.05.01.2001", **extra: str
) -> list[dict[str, str]]:
    """A head, a wife and a child of seven."""
    serial = kk[-4:]
    return [
        member(no_kk=kk, kode_desa=village, nik=f"350501120385{serial}", nama="Sutrisno", **extra),
        member(
            no_kk=kk,
            kode_desa=village,
            nik=f"350501570888{serial}",
            nama="Siti Aminah",
            hubungan_keluarga="pasangan",
            jenis_kelamin="P",
            tanggal_lahir="1988-08-17",
            pekerjaan="mengurus_rumah_tangga",
            **extra,
        ),
        member(
            no_kk=kk,
            kode_desa=village,
            nik=f"350501050919{serial}",
            nama="Budi",
            hubungan_keluarga="anak",
            tanggal_lahir="2019-09-05",
            pendidikan="tidak_sekolah",
            status_sekolah="masih_sekolah",
            pekerjaan="pelajar",
            **extra,
        ),
    ]


def csv_bytes(
    rows: list[dict[str, str]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    headers: list[str] | None = None,
) -> bytes:
    headers = headers or HEADERS
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)
