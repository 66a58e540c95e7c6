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
from django.utils import timezone

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


# Names drawn for each person; one integer column per choice, turned into text per chunk.
OCCUPATIONS = np.array(
    ["petani", "buruh", "pedagang", "wiraswasta", "karyawan", "pns_tni_polri", "nelayan"]
)
HAMLETS = np.array(["Krajan", "Kulon", "Wetan", "Lor", "Kidul", "Tengah"])
DISABILITY = np.array(["ringan", "sedang", "berat"])


def synthetic_registry_write(
    *,
    path: Path,
    villages: list[str],
    households: int,
    seed: int,
    today: date | None = None,
    chunk_rows: int = 100_000,
) -> SyntheticRegistry:
    """Write a batch file of ``households`` new families over ``villages`` (all 'baru'),
    as of ``today`` (by default the local date of the project's time zone).

    Numbers for the whole population are drawn first (a few hundred MB at 1.2M people);
    text is made one chunk at a time, so memory stays flat however large the registry.
    """
    today = today or timezone.localdate()
    draw = _draw(
        np.random.default_rng(seed), villages=np.array(villages), households=households, today=today
    )
    columns = [col.header for col in COLUMNS]
    persons = len(draw["hh"])
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(columns) + "\n")
        for start in range(0, persons, chunk_rows):
            chunk = _format(draw, start=start, stop=min(start + chunk_rows, persons), today=today)
            chunk[columns].to_csv(out, header=False, index=False)
    return SyntheticRegistry(path=path, households=households, persons=persons)


def _draw(
    rng: np.random.Generator, *, villages: np.ndarray, households: int, today: date
) -> dict[str, np.ndarray]:
    weights = rng.gamma(2.0, 1.0, size=len(villages))
    hh_village = rng.choice(len(villages), size=households, p=weights / weights.sum())
    decile = rng.integers(1, 11, size=households)
    size = rng.choice(np.arange(1, 9), size=households, p=SIZE_P)
    hh = np.repeat(np.arange(households), size)
    position = _positions(size)
    n = len(hh)
    poor = (11 - decile[hh]) / 10  # 1.0 for decile 1, 0.1 for decile 10
    hp = (11 - decile) / 10

    head_age = rng.integers(24, 78, size=households)[hh]
    age = np.where(position == 0, head_age, 0)
    spouse = (position == 1) & (rng.random(n) < 0.85)
    age = np.where(spouse, np.clip(head_age + rng.integers(-6, 4, size=n), 18, 90), age)
    parent = (position >= 2) & (rng.random(n) < 0.08) & (head_age < 60)
    age = np.where(parent, np.clip(head_age + rng.integers(22, 35, size=n), 60, 98), age)
    child = (position >= 1) & ~spouse & ~parent
    age = np.where(child, np.clip(head_age - 20 - rng.integers(0, 20, size=n), 0, 40), age)
    head_male = rng.random(households) < 0.86
    male = np.where(position == 0, head_male[hh], rng.random(n) < 0.5)
    male = np.where(spouse, ~head_male[hh], male)
    # Everyone was born at least a day before the file's date: a birth on the day itself would
    # read as after the upload date wherever the upload's date is taken in UTC (Jakarta is
    # 7 hours ahead), and a registry learns of a birth days later anyway. Same draws as
    # before, shifted by one day.
    birth = np.datetime64(today, "D") - (age * 365.25 + rng.integers(1, 366, size=n)).astype(
        "timedelta64[D]"
    )
    district = np.array([v.replace(".", "")[:6] for v in villages])[hh_village]
    birth_ts = pd.DatetimeIndex(birth)
    nik_day = birth_ts.day.to_numpy() + np.where(male, 0, 40)
    nik_key = nik_day * 10000 + birth_ts.month.to_numpy() * 100 + birth_ts.year.to_numpy() % 100
    nik_serial = (
        pd.DataFrame({"d": district[hh], "k": nik_key}).groupby(["d", "k"]).cumcount().to_numpy()
        + 1
    )
    issued = pd.DatetimeIndex(
        np.datetime64(today, "D") - rng.integers(30, 6000, size=households).astype("timedelta64[D]")
    )
    kk_key = (
        issued.day.to_numpy() * 10000 + issued.month.to_numpy() * 100 + issued.year.to_numpy() % 100
    )
    kk_serial = (
        pd.DataFrame({"d": district, "k": kk_key}).groupby(["d", "k"]).cumcount().to_numpy() + 1
    )

    school_age = (age >= 7) & (age <= 18)
    attending = school_age & (rng.random(n) < 0.95 - 0.1 * poor)
    r = rng.random((6, n))
    return {
        "hh": hh,
        "position": position,
        "age": age,
        "male": male,
        "spouse": spouse,
        "parent": parent,
        "birth": birth,
        "nik_day": nik_day,
        "nik_serial": nik_serial,
        "first": np.where(
            male,
            rng.integers(0, len(MALE_NAMES), size=n),
            rng.integers(0, len(FEMALE_NAMES), size=n),
        ),
        "second": rng.integers(0, len(SECOND_NAMES), size=n),
        "attending": attending,
        "school_age": school_age,
        "education": np.select(
            [age < 7, age < 13, age < 16, age < 19, r[0] < 0.25 * poor, r[1] < 0.45 * poor + 0.1],
            [0, 1, 1, 2, 3, 1],
            np.where(r[2] < 0.6, 4, np.where(r[3] < 0.5, 2, 5)),
        ),
        "occupation": np.select(
            [
                age < 15,
                attending,
                (age > 64) & (r[4] < 0.6),
                ~male & (r[5] < 0.45),
                rng.random(n) < 0.5 * poor,
            ],
            [-1, -2, -3, -4, -5],
            rng.integers(0, len(OCCUPATIONS), size=n),
        ),
        "disability": np.where(
            rng.random(n) < 0.025 + 0.02 * (age > 60), rng.integers(0, 3, size=n), -1
        ),
        "married_random": rng.random(n) < 0.3,
        "pregnant": ~male & (age >= 17) & (age <= 42) & (rng.random(n) < 0.04),
        "chronic": (age > 40) & (rng.random(n) < 0.1),
        # households
        "village": villages[hh_village],
        "district": district,
        "decile": decile,
        "kk_key": kk_key,
        "kk_serial": kk_serial,
        "extreme": (decile == 1) & (rng.random(households) < 0.5),
        "hamlet": rng.integers(0, len(HAMLETS), size=households),
        "rt": rng.integers(1, 15, size=households),
        "rw": rng.integers(1, 6, size=households),
        **{
            name: np.where(
                rng.random(households) < chance * hp,
                len(options) - 1,
                rng.integers(0, len(options) - 1, size=households),
            )
            for name, options, chance in [
                ("roof", ROOF, 0.15),
                ("wall", WALL, 0.4),
                ("floor", FLOOR, 0.35),
                ("water", WATER, 0.3),
                ("sanitation", SANITATION, 0.3),
                ("lighting", LIGHTING, 0.05),
                ("fuel", FUEL, 0.5),
            ]
        },
        "area": (rng.integers(18, 120, size=households) * (1.2 - 0.5 * hp)).astype(int),
        "owned": rng.random(households) < 0.85,
        "protein": rng.random(households) < 0.7 * hp,
        "clothing": rng.random(households) < 0.6 * hp,
        "two_meals": rng.random(households) < 0.5 * hp,
        "clinic": rng.random(households) < 0.5 * hp,
        "income": rng.random(households) < 0.6 * hp,
        "asset": rng.random(households) < 1 - 0.7 * hp,
    }


def _format(d: dict[str, np.ndarray], *, start: int, stop: int, today: date) -> pd.DataFrame:
    """Batch-file text for persons ``start`` to ``stop``."""
    s = slice(start, stop)
    hh = d["hh"][s]
    age, male, position = d["age"][s], d["male"][s], d["position"][s]

    def digits(values: np.ndarray, width: int) -> pd.Series:
        return pd.Series(values).astype(str).str.zfill(width)

    def yes(values: np.ndarray) -> np.ndarray:
        return np.where(values, "ya", "tidak")

    birth = pd.DatetimeIndex(d["birth"][s])
    nik = (
        pd.Series(d["district"][hh])
        + digits(d["nik_day"][s], 2)
        + digits(birth.month, 2)
        + digits(birth.year % 100, 2)
        + digits(d["nik_serial"][s], 4)
    )
    kk_key = d["kk_key"][hh]
    kk = (
        pd.Series(d["district"][hh])
        + digits(kk_key // 10000, 2)
        + digits(kk_key // 100 % 100, 2)
        + digits(kk_key % 100, 2)
        + digits(d["kk_serial"][hh], 4)
    )
    first = np.where(
        male,
        MALE_NAMES[np.minimum(d["first"][s], len(MALE_NAMES) - 1)],
        FEMALE_NAMES[np.minimum(d["first"][s], len(FEMALE_NAMES) - 1)],
    )
    name = (pd.Series(first) + " " + pd.Series(SECOND_NAMES[d["second"][s]])).str.strip()
    occupation = d["occupation"][s]
    special = {
        -1: "",
        -2: "pelajar",
        -3: "tidak_bekerja",
        -4: "mengurus_rumah_tangga",
        -5: "buruh_tani",
    }
    occupation_text = np.where(occupation >= 0, OCCUPATIONS[np.maximum(occupation, 0)], "")
    for code, text in special.items():
        occupation_text = np.where(occupation == code, text, occupation_text)
    education = np.array(["tidak_sekolah", "sd", "smp", "tidak_tamat_sd", "sma", "sarjana"])
    disability = d["disability"][s]
    spouse, parent = d["spouse"][s], d["parent"][s]
    school_age, attending = d["school_age"][s], d["attending"][s]
    return pd.DataFrame(
        {
            "aksi": "baru",
            "alasan_hapus": "",
            "no_kk": kk.to_numpy(),
            "kode_desa": d["village"][hh],
            "alamat": "Dusun " + HAMLETS[d["hamlet"][hh]],
            "rt": digits(d["rt"][hh], 3).to_numpy(),
            "rw": digits(d["rw"][hh], 3).to_numpy(),
            "desil": d["decile"][hh].astype(str),
            "sumber_desil": "DTSEN",
            "tanggal_desil": today.replace(day=1).isoformat(),
            "miskin_ekstrem": yes(d["extreme"][hh]),
            "sumber_miskin_ekstrem": np.where(d["decile"][hh] == 1, "P3KE", ""),
            "atap": ROOF[d["roof"][hh]],
            "dinding": WALL[d["wall"][hh]],
            "lantai": FLOOR[d["floor"][hh]],
            "luas_lantai": d["area"][hh].astype(str),
            "sumber_air": WATER[d["water"][hh]],
            "jamban": SANITATION[d["sanitation"][hh]],
            "penerangan": LIGHTING[d["lighting"][hh]],
            "bahan_bakar": FUEL[d["fuel"][hh]],
            "status_rumah": np.where(d["owned"][hh], "milik_sendiri", "bebas_sewa"),
            "protein_seminggu_sekali": yes(d["protein"][hh]),
            "pakaian_setahun_sekali": yes(d["clothing"][hh]),
            "makan_sehari": np.where(d["two_meals"][hh], "2", "3"),
            "tidak_mampu_berobat": yes(d["clinic"][hh]),
            "penghasilan_kepala_di_bawah_600rb": yes(d["income"][hh]),
            "punya_aset_500rb": yes(d["asset"][hh]),
            "nik": nik.to_numpy(),
            "nama": name.to_numpy(),
            "hubungan_keluarga": np.select(
                [position == 0, spouse, parent], ["kepala", "pasangan", "orang_tua"], "anak"
            ),
            "jenis_kelamin": np.where(male, "L", "P"),
            "tanggal_lahir": birth.strftime("%Y-%m-%d"),
            "status_perkawinan": np.select(
                [age < 17, position == 0, spouse, age > 65],
                ["belum_kawin", "kawin", "kawin", "cerai_mati"],
                np.where(d["married_random"][s], "kawin", "belum_kawin"),
            ),
            "pendidikan": education[d["education"][s]],
            "status_sekolah": np.select(
                [age < 5, attending, school_age, age > 18],
                ["", "masih_sekolah", "tidak_lagi", "tidak_lagi"],
                "",
            ),
            "pekerjaan": occupation_text,
            "disabilitas": np.where(
                disability >= 0, DISABILITY[np.maximum(disability, 0)], "tidak"
            ),
            "penyakit_kronis": yes(d["chronic"][s]),
            "hamil": yes(d["pregnant"][s]),
        }
    )


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
        batch = batch_upload(
            user=system, upload=handle, filename=path.name, region=regency, queue_validation=False
        )
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
