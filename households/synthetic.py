"""A realistic synthetic registry over the real villages of a regency, as a batch file.

Deterministic for a seed. Everything is drawn as whole numpy columns; only writing the CSV
turns numbers into text, one chunk at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from households.columns import COLUMNS

MALE_NAMES = np.array(
    [
        "Agus",
        "Budi",
        "Slamet",
        "Suparman",
        "Sutrisno",
        "Joko",
        "Bambang",
        "Wahyu",
        "Eko",
        "Hadi",
        "Sugeng",
        "Rudi",
        "Yusuf",
        "Ahmad",
        "Muhammad",
        "Imam",
        "Heru",
        "Dwi",
        "Teguh",
        "Arif",
        "Rizky",
        "Dimas",
        "Fajar",
        "Bagus",
        "Aditya",
        "Sholeh",
        "Mulyono",
        "Sukardi",
        "Paijo",
        "Karno",
    ]
)
FEMALE_NAMES = np.array(
    [
        "Siti",
        "Sri",
        "Endang",
        "Sumiati",
        "Suryani",
        "Dewi",
        "Ratna",
        "Wulan",
        "Ani",
        "Yuliani",
        "Kartini",
        "Sulastri",
        "Ningsih",
        "Tutik",
        "Lestari",
        "Nur",
        "Rahayu",
        "Fitri",
        "Anisa",
        "Dian",
        "Putri",
        "Ayu",
        "Indah",
        "Rina",
        "Umi",
        "Partini",
        "Suwarni",
        "Painem",
        "Tumini",
        "Marni",
    ]
)
SECOND_NAMES = np.array(
    [
        "",
        "",
        "",
        "Santoso",
        "Wibowo",
        "Susanto",
        "Purnomo",
        "Hidayat",
        "Aminah",
        "Rahmawati",
        "Setiawan",
        "Prasetyo",
        "Kurniawan",
        "Handayani",
        "Wati",
        "Saputra",
        "Lestari",
        "Utomo",
        "Nugroho",
        "Maulana",
    ]
)
SIZE_P = np.array([0.10, 0.20, 0.25, 0.22, 0.12, 0.06, 0.03, 0.02])
ROOF = np.array(["genteng", "seng", "asbes", "beton", "ijuk_rumbia"])
WALL = np.array(["tembok", "tembok_tanpa_plester", "kayu", "bambu"])
FLOOR = np.array(["keramik", "semen", "kayu_murah", "tanah"])
WATER = np.array(["ledeng", "kemasan", "sumur_terlindung", "sumur_tak_terlindung", "sungai"])
SANITATION = np.array(["sendiri", "bersama", "umum", "tidak_ada"])
LIGHTING = np.array(["pln_meteran", "pln_tanpa_meteran", "non_pln", "tidak_ada"])
FUEL = np.array(["gas", "listrik", "minyak_tanah", "kayu_bakar"])


@dataclass(frozen=True)
class SyntheticRegistry:
    path: Path
    households: int
    persons: int


def synthetic_registry_write(
    *,
    path: Path,
    villages: list[str],
    households: int,
    seed: int,
    today: date | None = None,
    chunk_rows: int = 100_000,
) -> SyntheticRegistry:
    """Write a batch file of ``households`` new families over ``villages`` (all 'baru')."""
    rng = np.random.default_rng(seed)
    today = today or date.today()
    people = _persons(rng, villages=np.array(villages), households=households, today=today)
    columns = [col.header for col in COLUMNS]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(columns) + "\n")
        for start in range(0, len(people), chunk_rows):
            chunk = people.iloc[start : start + chunk_rows]
            chunk[columns].to_csv(out, header=False, index=False)
    return SyntheticRegistry(path=path, households=households, persons=len(people))


def _persons(
    rng: np.random.Generator, *, villages: np.ndarray, households: int, today: date
) -> pd.DataFrame:
    village_weights = rng.gamma(2.0, 1.0, size=len(villages))
    hh_village = rng.choice(
        len(villages), size=households, p=village_weights / village_weights.sum()
    )
    decile = rng.integers(1, 11, size=households)
    size = rng.choice(np.arange(1, 9), size=households, p=SIZE_P)
    hh_index = np.repeat(np.arange(households), size)
    position = _positions(size)
    n = len(hh_index)
    poor = (11 - decile[hh_index]) / 10  # 1.0 for decile 1, 0.1 for decile 10

    head_age = rng.integers(24, 78, size=households)[hh_index]
    age = np.where(position == 0, head_age, 0)
    is_spouse = (position == 1) & (rng.random(n) < 0.85)
    age = np.where(is_spouse, np.clip(head_age + rng.integers(-6, 4, size=n), 18, 90), age)
    is_parent = (position >= 2) & (rng.random(n) < 0.08) & (head_age < 60)
    age = np.where(is_parent, np.clip(head_age + rng.integers(22, 35, size=n), 60, 98), age)
    is_child = (position >= 1) & ~is_spouse & ~is_parent
    child_age = np.clip(head_age - 20 - rng.integers(0, 20, size=n), 0, 40)
    age = np.where(is_child, child_age, age)

    head_male = rng.random(households) < 0.86
    male = np.where(position == 0, head_male[hh_index], rng.random(n) < 0.5)
    male = np.where(is_spouse, ~head_male[hh_index], male)
    relation = np.select(
        [position == 0, is_spouse, is_parent], ["kepala", "pasangan", "orang_tua"], "anak"
    )

    day_of_year = rng.integers(0, 365, size=n)
    birth = (
        pd.Timestamp(today) - pd.to_timedelta(age * 365.25 + day_of_year, unit="D")
    ).normalize()
    village_code = villages[hh_village][hh_index]
    district6 = pd.Series(village_code).str.replace(".", "", regex=False).str[:6].to_numpy()
    birth_series = pd.Series(birth)
    nik_day = birth_series.dt.day.to_numpy() + np.where(male, 0, 40)
    nik_date = (
        pd.Series(nik_day).astype(str).str.zfill(2)
        + birth_series.dt.month.astype(str).str.zfill(2)
        + (birth_series.dt.year % 100).astype(str).str.zfill(2)
    ).to_numpy()
    nik_serial = pd.DataFrame({"d": district6, "b": nik_date}).groupby(["d", "b"]).cumcount() + 1
    nik = district6 + nik_date + pd.Series(nik_serial).astype(str).str.zfill(4).to_numpy()

    issued = pd.Timestamp(today) - pd.to_timedelta(
        rng.integers(30, 6000, size=households), unit="D"
    )
    issued_series = pd.Series(issued)
    kk_date = (
        issued_series.dt.day.astype(str).str.zfill(2)
        + issued_series.dt.month.astype(str).str.zfill(2)
        + (issued_series.dt.year % 100).astype(str).str.zfill(2)
    ).to_numpy()
    hh_district = (
        pd.Series(villages[hh_village]).str.replace(".", "", regex=False).str[:6].to_numpy()
    )
    kk_serial = pd.DataFrame({"d": hh_district, "b": kk_date}).groupby(["d", "b"]).cumcount() + 1
    kk = hh_district + kk_date + pd.Series(kk_serial).astype(str).str.zfill(4).to_numpy()

    first = np.where(male, rng.choice(MALE_NAMES, size=n), rng.choice(FEMALE_NAMES, size=n))
    second = rng.choice(SECOND_NAMES, size=n)
    name = pd.Series(first).str.cat(pd.Series(second), sep=" ").str.strip()

    school_age = (age >= 7) & (age <= 18)
    attending = school_age & (rng.random(n) < 0.95 - 0.1 * poor)
    education = np.select(
        [
            age < 7,
            age < 13,
            age < 16,
            age < 19,
            rng.random(n) < 0.25 * poor,
            rng.random(n) < 0.45 * poor + 0.1,
        ],
        ["tidak_sekolah", "sd", "sd", "smp", "tidak_tamat_sd", "sd"],
        np.where(rng.random(n) < 0.6, "sma", np.where(rng.random(n) < 0.5, "smp", "sarjana")),
    )
    school = np.select(
        [age < 5, attending, school_age, age > 18],
        ["", "masih_sekolah", "tidak_lagi", "tidak_lagi"],
        "",
    )
    occupation = np.select(
        [
            age < 15,
            attending,
            (age > 64) & (rng.random(n) < 0.6),
            ~male & (rng.random(n) < 0.45),
            rng.random(n) < 0.5 * poor,
        ],
        ["", "pelajar", "tidak_bekerja", "mengurus_rumah_tangga", "buruh_tani"],
        rng.choice(
            np.array(
                [
                    "petani",
                    "buruh",
                    "pedagang",
                    "wiraswasta",
                    "karyawan",
                    "pns_tni_polri",
                    "nelayan",
                ]
            ),
            size=n,
        ),
    )
    disability = np.where(
        rng.random(n) < 0.025 + 0.02 * (age > 60),
        rng.choice(np.array(["ringan", "sedang", "berat"]), size=n),
        "tidak",
    )
    married = np.select(
        [age < 17, position == 0, is_spouse, age > 65],
        ["belum_kawin", "kawin", "kawin", "cerai_mati"],
        np.where(rng.random(n) < 0.3, "kawin", "belum_kawin"),
    )
    pregnant = ~male & (age >= 17) & (age <= 42) & (rng.random(n) < 0.04)
    chronic = (age > 40) & (rng.random(n) < 0.1)

    def household_pick(options: np.ndarray, poor_first: float) -> np.ndarray:
        """The last option is the poorest; its chance grows with poverty."""
        worst = rng.random(households) < poor_first * (11 - decile) / 10
        usual = rng.choice(options[:-1], size=households)
        return np.where(worst, options[-1], usual)[hh_index]

    def yes_no(chance: np.ndarray) -> np.ndarray:
        return np.where(rng.random(households) < chance, "ya", "tidak")[hh_index]

    hp = (11 - decile) / 10
    frame = pd.DataFrame(
        {
            "aksi": "baru",
            "alasan_hapus": "",
            "no_kk": kk[hh_index],
            "kode_desa": village_code,
            "alamat": "Dusun "
            + pd.Series(
                rng.choice(
                    np.array(["Krajan", "Kulon", "Wetan", "Lor", "Kidul", "Tengah"]),
                    size=households,
                )
            )[hh_index].to_numpy(),
            "rt": pd.Series(rng.integers(1, 15, size=households))
            .astype(str)
            .str.zfill(3)
            .to_numpy()[hh_index],
            "rw": pd.Series(rng.integers(1, 6, size=households))
            .astype(str)
            .str.zfill(3)
            .to_numpy()[hh_index],
            "desil": decile[hh_index].astype(str),
            "sumber_desil": "DTSEN",
            "tanggal_desil": pd.Timestamp(today).replace(day=1).strftime("%Y-%m-%d"),
            "miskin_ekstrem": np.where(
                (decile == 1) & (rng.random(households) < 0.5), "ya", "tidak"
            )[hh_index],
            "sumber_miskin_ekstrem": np.where(decile == 1, "P3KE", "")[hh_index],
            "atap": household_pick(ROOF, 0.15),
            "dinding": household_pick(WALL, 0.4),
            "lantai": household_pick(FLOOR, 0.35),
            "luas_lantai": (rng.integers(18, 120, size=households) * (1.2 - 0.5 * hp))
            .astype(int)
            .astype(str)[hh_index],
            "sumber_air": household_pick(WATER, 0.3),
            "jamban": household_pick(SANITATION, 0.3),
            "penerangan": household_pick(LIGHTING, 0.05),
            "bahan_bakar": household_pick(FUEL, 0.5),
            "status_rumah": np.where(rng.random(households) < 0.85, "milik_sendiri", "bebas_sewa")[
                hh_index
            ],
            "protein_seminggu_sekali": yes_no(0.7 * hp),
            "pakaian_setahun_sekali": yes_no(0.6 * hp),
            "makan_sehari": np.where(rng.random(households) < 0.5 * hp, "2", "3")[hh_index],
            "tidak_mampu_berobat": yes_no(0.5 * hp),
            "penghasilan_kepala_di_bawah_600rb": yes_no(0.6 * hp),
            "punya_aset_500rb": yes_no(1 - 0.7 * hp),
            "nik": nik,
            "nama": name.to_numpy(),
            "hubungan_keluarga": relation,
            "jenis_kelamin": np.where(male, "L", "P"),
            "tanggal_lahir": birth_series.dt.strftime("%Y-%m-%d").to_numpy(),
            "status_perkawinan": married,
            "pendidikan": education,
            "status_sekolah": school,
            "pekerjaan": occupation,
            "disabilitas": disability,
            "penyakit_kronis": np.where(chronic, "ya", "tidak"),
            "hamil": np.where(pregnant, "ya", "tidak"),
        }
    )
    return frame


def _positions(size: np.ndarray) -> np.ndarray:
    """0 for the first member of each household, 1 for the second, and so on."""
    starts = np.repeat(np.cumsum(size) - size, size)
    return np.arange(size.sum()) - starts


def synthetic_registry_import(
    *, regency_code: str, households: int, seed: int, workdir: Path
) -> tuple[SyntheticRegistry, int]:
    """Generate the file and take it through upload, validation and commit like any batch.

    It is uploaded by a system account holding the social-operator role for the regency; the
    attached minutes say the data is synthetic. Returns the file facts and the batch id.
    """
    import io

    from weasyprint import HTML

    from households.services import (
        batch_commit,
        batch_minutes_attach,
        batch_upload,
        batch_validate,
    )
    from tkpk.models import Region, RoleAssignment, User
    from tkpk.roles import Role

    regency = Region.objects.get(code=regency_code, level=Region.Level.REGENCY)
    villages = list(
        Region.objects.filter(code__startswith=regency_code + ".", level=Region.Level.VILLAGE)
        .order_by("code")
        .values_list("code", flat=True)
    )
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"sintetis-{regency_code}-{households}-{seed}.csv"
    facts = synthetic_registry_write(path=path, villages=villages, households=households, seed=seed)
    system, _ = User.objects.get_or_create(
        username="sistem.generator", defaults={"first_name": "Generator data sintetis"}
    )
    RoleAssignment.objects.get_or_create(user=system, role=Role.SOCIAL_OPERATOR, region=regency)
    with path.open("rb") as handle:
        batch = batch_upload(user=system, upload=handle, filename=path.name, region=regency)
    batch_validate(batch=batch)
    minutes = HTML(
        string=(
            f"<h1>Data sintetis</h1><p>Registri sintetis {households} rumah tangga untuk "
            f"{regency.name}, benih {seed}. Bukan hasil Musdes/Muskel.</p>"
        )
    ).write_pdf()
    batch_minutes_attach(
        batch=batch, user=system, upload=io.BytesIO(minutes), filename="data-sintetis.pdf"
    )
    batch_commit(batch_id=batch.pk, user=system)
    return facts, batch.pk
