"""Coded answers used in the registry and in batch files.

Batch files carry the codes (left), case-insensitive; the explanation sheet of the batch
template lists them with their labels.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchAction(models.TextChoices):
    KEEP = "tetap", _("Tetap (tidak berubah)")
    CORRECT = "perbaikan", _("Perbaikan data")
    NEW = "baru", _("Baru")
    REMOVE = "hapus", _("Hapus")


class RemovalReason(models.TextChoices):
    DECEASED = "meninggal", _("Meninggal")
    MOVED = "pindah", _("Pindah")
    NOT_FOUND = "tidak_ditemukan", _("Tidak ditemukan")
    NOT_POOR = "mampu", _("Sudah mampu")
    DUPLICATE = "ganda", _("Data ganda")


class Relation(models.TextChoices):
    HEAD = "kepala", _("Kepala keluarga")
    SPOUSE = "pasangan", _("Istri/suami")
    CHILD = "anak", _("Anak")
    CHILD_IN_LAW = "menantu", _("Menantu")
    GRANDCHILD = "cucu", _("Cucu")
    PARENT = "orang_tua", _("Orang tua")
    PARENT_IN_LAW = "mertua", _("Mertua")
    OTHER_FAMILY = "famili_lain", _("Famili lain")
    OTHER = "lainnya", _("Lainnya")


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class MaritalStatus(models.TextChoices):
    SINGLE = "belum_kawin", _("Belum kawin")
    MARRIED = "kawin", _("Kawin")
    DIVORCED = "cerai_hidup", _("Cerai hidup")
    WIDOWED = "cerai_mati", _("Cerai mati")


class Education(models.TextChoices):
    NONE = "tidak_sekolah", _("Tidak/belum sekolah")
    PRIMARY_UNFINISHED = "tidak_tamat_sd", _("Tidak tamat SD")
    PRIMARY = "sd", _("SD/sederajat")
    JUNIOR = "smp", _("SMP/sederajat")
    SENIOR = "sma", _("SMA/sederajat")
    DIPLOMA = "diploma", _("Diploma")
    UNIVERSITY = "sarjana", _("Sarjana atau lebih")


class SchoolAttendance(models.TextChoices):
    NEVER = "tidak_pernah", _("Tidak pernah sekolah")
    ATTENDING = "masih_sekolah", _("Masih sekolah")
    LEFT = "tidak_lagi", _("Tidak sekolah lagi")


class Occupation(models.TextChoices):
    NONE = "tidak_bekerja", _("Tidak bekerja")
    FARMER = "petani", _("Petani pemilik/penggarap")
    FARM_LABOURER = "buruh_tani", _("Buruh tani")
    FISHER = "nelayan", _("Nelayan")
    LABOURER = "buruh", _("Buruh/pekerja lepas")
    TRADER = "pedagang", _("Pedagang")
    SELF_EMPLOYED = "wiraswasta", _("Wiraswasta")
    CIVIL_SERVANT = "pns_tni_polri", _("PNS/TNI/Polri")
    EMPLOYEE = "karyawan", _("Karyawan swasta")
    STUDENT = "pelajar", _("Pelajar/mahasiswa")
    HOMEMAKER = "mengurus_rumah_tangga", _("Mengurus rumah tangga")
    OTHER = "lainnya", _("Lainnya")


class Disability(models.TextChoices):
    NONE = "tidak", _("Tidak ada")
    MILD = "ringan", _("Ringan")
    MODERATE = "sedang", _("Sedang")
    SEVERE = "berat", _("Berat")


class Roof(models.TextChoices):
    CONCRETE = "beton", _("Beton")
    TILE = "genteng", _("Genteng")
    ZINC = "seng", _("Seng")
    ASBESTOS = "asbes", _("Asbes")
    WOOD = "kayu", _("Kayu/sirap")
    THATCH = "ijuk_rumbia", _("Ijuk/rumbia/daun")
    OTHER = "lainnya", _("Lainnya")


class Wall(models.TextChoices):
    MASONRY = "tembok", _("Tembok diplester")
    UNPLASTERED = "tembok_tanpa_plester", _("Tembok tanpa plester")
    WOOD = "kayu", _("Kayu/papan")
    BAMBOO = "bambu", _("Bambu/anyaman")
    OTHER = "lainnya", _("Lainnya")


class Floor(models.TextChoices):
    CERAMIC = "keramik", _("Keramik/marmer/granit")
    CEMENT = "semen", _("Semen/ubin/teraso")
    GOOD_WOOD = "kayu_baik", _("Kayu/papan kualitas tinggi")
    CHEAP_WOOD = "kayu_murah", _("Kayu/papan kualitas rendah")
    BAMBOO = "bambu", _("Bambu")
    EARTH = "tanah", _("Tanah")


class WaterSource(models.TextChoices):
    PIPED = "ledeng", _("Air ledeng/PAM")
    BOTTLED = "kemasan", _("Air kemasan/isi ulang")
    PROTECTED_WELL = "sumur_terlindung", _("Sumur/mata air terlindung")
    UNPROTECTED_WELL = "sumur_tak_terlindung", _("Sumur/mata air tak terlindung")
    RIVER = "sungai", _("Air sungai/danau")
    RAIN = "hujan", _("Air hujan")


class Sanitation(models.TextChoices):
    OWN = "sendiri", _("Jamban sendiri")
    SHARED = "bersama", _("Jamban bersama")
    PUBLIC = "umum", _("Jamban umum")
    NONE = "tidak_ada", _("Tidak ada")


class Lighting(models.TextChoices):
    PLN_METERED = "pln_meteran", _("Listrik PLN dengan meteran")
    PLN_UNMETERED = "pln_tanpa_meteran", _("Listrik PLN tanpa meteran")
    NON_PLN = "non_pln", _("Listrik non-PLN")
    NONE = "tidak_ada", _("Bukan listrik")


class CookingFuel(models.TextChoices):
    ELECTRIC = "listrik", _("Listrik")
    GAS = "gas", _("Gas/elpiji")
    KEROSENE = "minyak_tanah", _("Minyak tanah")
    CHARCOAL = "arang", _("Arang/briket")
    WOOD = "kayu_bakar", _("Kayu bakar")
    NONE = "tidak_memasak", _("Tidak memasak")


class Tenure(models.TextChoices):
    OWNED = "milik_sendiri", _("Milik sendiri")
    RENTED = "sewa", _("Kontrak/sewa")
    RENT_FREE = "bebas_sewa", _("Bebas sewa/menumpang")
    OFFICIAL = "dinas", _("Rumah dinas")
    OTHER = "lainnya", _("Lainnya")
