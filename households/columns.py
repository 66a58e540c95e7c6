"""The columns of a verification batch file: header, meaning, how a cell is read.

One list drives the template, its explanation sheet, the reader and the preview.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from households import choices as c


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    # kk, nik, village, text, name (text with a letter), digits, int, date, bool, choice, sex
    kind: str
    label: str | Promise
    required: bool = False
    max_length: int = 0
    choices: type[models.TextChoices] | None = None
    min_value: int = 0
    max_value: int = 0
    household: bool = False  # the same for every row of one KK
    example: str = ""


COLUMNS: list[Column] = [
    Column(
        "aksi",
        "action",
        "choice",
        _("Aksi: tetap, perbaikan, baru atau hapus"),
        required=True,
        choices=c.BatchAction,
        example="baru",
    ),
    Column(
        "alasan_hapus",
        "removal_reason",
        "choice",
        _("Alasan hapus (wajib bila aksi hapus)"),
        choices=c.RemovalReason,
    ),
    Column(
        "no_kk",
        "kk",
        "kk",
        _("Nomor Kartu Keluarga, 16 angka, ditulis sebagai teks"),
        required=True,
        household=True,
        example="3505010101200001",
    ),
    Column(
        "kode_desa",
        "village_code",
        "village",
        _("Kode wilayah desa/kelurahan Kemendagri"),
        required=True,
        household=True,
        example="35.05.01.2001",
    ),
    Column(
        "alamat",
        "address",
        "text",
        _("Alamat (jalan, dusun)"),
        max_length=200,
        household=True,
        example="Dusun Krajan",
    ),
    Column("rt", "rt", "digits", _("RT"), max_length=3, household=True, example="001"),
    Column("rw", "rw", "digits", _("RW"), max_length=3, household=True, example="002"),
    Column(
        "desil",
        "welfare_decile",
        "int",
        _("Desil kesejahteraan 1–10"),
        min_value=1,
        max_value=10,
        household=True,
        example="1",
    ),
    Column(
        "sumber_desil",
        "decile_source",
        "text",
        _("Sumber desil, mis. DTSEN"),
        max_length=60,
        household=True,
        example="DTSEN",
    ),
    Column(
        "tanggal_desil",
        "decile_date",
        "date",
        _("Tanggal desil"),
        household=True,
        example="2026-07-01",
    ),
    Column(
        "miskin_ekstrem",
        "extreme_poor",
        "bool",
        _("Miskin ekstrem: ya/tidak"),
        household=True,
        example="ya",
    ),
    Column(
        "sumber_miskin_ekstrem",
        "extreme_poor_source",
        "text",
        _("Sumber, mis. P3KE"),
        max_length=60,
        household=True,
        example="P3KE",
    ),
    Column(
        "atap",
        "roof",
        "choice",
        _("Bahan atap terluas"),
        choices=c.Roof,
        household=True,
        example="genteng",
    ),
    Column(
        "dinding",
        "wall",
        "choice",
        _("Bahan dinding terluas"),
        choices=c.Wall,
        household=True,
        example="bambu",
    ),
    Column(
        "lantai",
        "floor",
        "choice",
        _("Bahan lantai terluas"),
        choices=c.Floor,
        household=True,
        example="tanah",
    ),
    Column(
        "luas_lantai",
        "floor_area_m2",
        "int",
        _("Luas lantai dalam m²"),
        min_value=1,
        max_value=10000,
        household=True,
        example="36",
    ),
    Column(
        "sumber_air",
        "water_source",
        "choice",
        _("Sumber air minum"),
        choices=c.WaterSource,
        household=True,
        example="sumur_tak_terlindung",
    ),
    Column(
        "jamban",
        "sanitation",
        "choice",
        _("Fasilitas buang air besar"),
        choices=c.Sanitation,
        household=True,
        example="bersama",
    ),
    Column(
        "penerangan",
        "lighting",
        "choice",
        _("Sumber penerangan"),
        choices=c.Lighting,
        household=True,
        example="pln_tanpa_meteran",
    ),
    Column(
        "bahan_bakar",
        "cooking_fuel",
        "choice",
        _("Bahan bakar memasak"),
        choices=c.CookingFuel,
        household=True,
        example="kayu_bakar",
    ),
    Column(
        "status_rumah",
        "tenure",
        "choice",
        _("Status tempat tinggal"),
        choices=c.Tenure,
        household=True,
        example="milik_sendiri",
    ),
    Column(
        "protein_seminggu_sekali",
        "protein_weekly_or_less",
        "bool",
        _("Makan daging/susu/ayam paling banyak sekali seminggu: ya/tidak"),
        household=True,
        example="ya",
    ),
    Column(
        "pakaian_setahun_sekali",
        "one_clothing_set_yearly",
        "bool",
        _("Hanya membeli satu stel pakaian baru setahun: ya/tidak"),
        household=True,
        example="ya",
    ),
    Column(
        "makan_sehari",
        "meals_per_day",
        "int",
        _("Berapa kali makan sehari"),
        min_value=1,
        max_value=5,
        household=True,
        example="2",
    ),
    Column(
        "tidak_mampu_berobat",
        "cannot_afford_clinic",
        "bool",
        _("Tidak sanggup membayar berobat ke puskesmas: ya/tidak"),
        household=True,
        example="ya",
    ),
    Column(
        "penghasilan_kepala_di_bawah_600rb",
        "head_income_under_600k",
        "bool",
        _("Penghasilan kepala keluarga di bawah Rp600.000 sebulan: ya/tidak"),
        household=True,
        example="ya",
    ),
    Column(
        "punya_aset_500rb",
        "has_saleable_asset",
        "bool",
        _("Punya tabungan/barang mudah dijual minimal Rp500.000: ya/tidak"),
        household=True,
        example="tidak",
    ),
    Column(
        "nik",
        "nik",
        "nik",
        _("NIK, 16 angka, ditulis sebagai teks"),
        required=True,
        example="3505011203850001",
    ),
    Column(
        "nama",
        "name",
        "name",
        _("Nama lengkap sesuai KK"),
        required=True,
        max_length=100,
        example="Sutrisno",
    ),
    Column(
        "hubungan_keluarga",
        "relation",
        "choice",
        _("Hubungan dengan kepala keluarga"),
        required=True,
        choices=c.Relation,
        example="kepala",
    ),
    Column("jenis_kelamin", "sex", "sex", _("L atau P"), required=True, example="L"),
    Column(
        "tanggal_lahir",
        "birth_date",
        "date",
        _("Tanggal lahir: YYYY-MM-DD, DD-MM-YYYY atau DD/MM/YYYY"),
        required=True,
        example="1985-03-12",
    ),
    Column(
        "status_perkawinan",
        "marital_status",
        "choice",
        _("Status perkawinan"),
        choices=c.MaritalStatus,
        example="kawin",
    ),
    Column(
        "pendidikan",
        "education",
        "choice",
        _("Pendidikan tertinggi"),
        choices=c.Education,
        example="sd",
    ),
    Column(
        "status_sekolah",
        "school_attendance",
        "choice",
        _("Status sekolah"),
        choices=c.SchoolAttendance,
        example="tidak_lagi",
    ),
    Column(
        "pekerjaan",
        "occupation",
        "choice",
        _("Pekerjaan utama"),
        choices=c.Occupation,
        example="buruh_tani",
    ),
    Column(
        "disabilitas",
        "disability",
        "choice",
        _("Disabilitas"),
        choices=c.Disability,
        example="tidak",
    ),
    Column(
        "penyakit_kronis",
        "chronic_illness",
        "bool",
        _("Penyakit kronis: ya/tidak"),
        example="tidak",
    ),
    Column("hamil", "pregnant", "bool", _("Sedang hamil: ya/tidak"), example="tidak"),
]

BY_HEADER = {column.header: column for column in COLUMNS}
HOUSEHOLD_FIELDS = [
    col.field for col in COLUMNS if col.household and col.field not in ("kk", "village_code")
]
PERSON_FIELDS = [
    "name",
    "relation",
    "sex",
    "birth_date",
    "marital_status",
    "education",
    "school_attendance",
    "occupation",
    "disability",
    "chronic_illness",
    "pregnant",
]
REQUIRED_HEADERS = [col.header for col in COLUMNS if col.required]
