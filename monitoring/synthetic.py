"""Demo monitoring data for a regency, made through the same services as the pages:

- the TKPK's decree with every seat Permendagri 53/2020 names (guideline 002, 2.2), people's
  names invented;
- indicator series for the regency, its province and the country, labelled as synthetic in
  their source (``SYNTHETIC_SOURCE``): no figure here is a BPS figure;
- two rakor with attendance, decisions and follow-ups, some of them overdue.

Deterministic for a seed; running it again adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from monitoring.coordination.services import (
    AttendeeInput,
    DecreeInput,
    FollowUpInput,
    MeetingInput,
    MemberInput,
    attendees_add,
    decree_create,
    follow_up_add,
    follow_up_update,
    meeting_create,
    member_add,
)
from monitoring.indicators.catalogue import EXTREME_LINE_2011, EXTREME_LINE_2017
from monitoring.indicators.services import RowsRefused, ValueInput, indicator_values_store
from monitoring.models import Meeting, TkpkDecree
from tkpk.models import Region, User
from tkpk.services.demo import agencies_ensure_standard

SYNTHETIC_SOURCE = "SINTETIS — bukan data BPS"
DEMO_SK = "188/1/KPTS/2026 (demo)"
FIRST_NAMES = ["Agus", "Siti", "Budi", "Sri", "Eko", "Wahyuni", "Joko", "Endang", "Dwi", "Rina"]
LAST_NAMES = ["Santoso", "Rahayu", "Wibowo", "Lestari", "Prasetyo", "Kurniawati", "Hidayat"]


@dataclass(frozen=True)
class MonitoringDemo:
    decree: TkpkDecree
    members: int
    values_new: int
    comparison_kept: int
    meetings: int


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _composition(*, user: User, regency: Region, rng: random.Random) -> tuple[TkpkDecree, int]:
    existing = TkpkDecree.objects.filter(region=regency, sk_number=DEMO_SK).first()
    if existing is not None:
        return existing, existing.members.count()
    agencies = agencies_ensure_standard(region=regency)
    decree = decree_create(
        user=user,
        data=DecreeInput(
            region_code=regency.code,
            sk_number=DEMO_SK,
            sk_date=date(2026, 1, 6),
            term_start=date(2026, 1, 1),
            term_end=date(2030, 12, 31),
            note="Data demo: nama orang rekaan.",
        ),
    )
    name = regency.name.removeprefix("Kabupaten ").removeprefix("Kota ")
    P = MemberInput
    seats = [
        P("responsible", _name(rng), f"Bupati {name}"),
        P("chair", _name(rng), f"Wakil Bupati {name}"),
        P("vice_chair", _name(rng), "Sekretaris Daerah"),
        P("secretary", _name(rng), "Kepala Bappeda", agency_id=agencies["bappeda"].pk),
        P("vice_secretary", _name(rng), "Kepala Dinas Sosial", agency_id=agencies["dinsos"].pk),
        P("vice_secretary", _name(rng), "Kepala DPMD", agency_id=agencies["dpmd"].pk),
        P("vice_secretary", _name(rng), "Kepala Dinas Dukcapil", agency_id=agencies["dukcapil"].pk),
        P(
            "group_coordinator",
            _name(rng),
            "Asisten Pemerintahan dan Kesejahteraan Rakyat",
            group="Kelompok program bantuan sosial terpadu berbasis keluarga",
        ),
        P(
            "group_coordinator",
            _name(rng),
            "Asisten Perekonomian dan Pembangunan",
            group="Kelompok program pemberdayaan masyarakat dan usaha mikro kecil",
        ),
        P("member", _name(rng), "Kepala Dinas Kesehatan", agency_id=agencies["dinkes"].pk),
        P("member", _name(rng), "Kepala Dinas Pendidikan", agency_id=agencies["disdik"].pk),
        P("member", _name(rng), "Kepala Dinas PUPR", agency_id=agencies["pupr"].pk),
        P("member", _name(rng), "Kepala Dinas Koperasi dan UM", agency_id=agencies["dinkop"].pk),
        P("member", _name(rng), "Ketua Forum Disabilitas", "community", "Forum Disabilitas"),
        P("member", _name(rng), "Ketua Kadin", "business", "Kamar Dagang dan Industri"),
        P("member", _name(rng), "Dosen", "other", "Perguruan tinggi setempat"),
        P(
            "pokja_chair",
            _name(rng),
            "Kepala Bidang Sosial",
            agency_id=agencies["dinsos"].pk,
            group="Pokja Pendataan dan Sistem Informasi",
        ),
        P(
            "pokja_chair",
            _name(rng),
            "Kepala Bagian Kesra",
            group="Pokja Pengaduan Masyarakat",
        ),
        P("secretariat_head", _name(rng), "Sekretaris Bappeda", agency_id=agencies["bappeda"].pk),
        P("secretariat_vice_head", _name(rng), "Kepala Bagian Kesejahteraan Rakyat"),
        P(
            "secretariat_member",
            _name(rng),
            "Kepala Bidang Perencanaan Sosial Budaya",
            agency_id=agencies["bappeda"].pk,
        ),
    ]
    for seat in seats:
        member_add(user=user, decree=decree, data=seat)
    return decree, len(seats)


def _series(
    rng: random.Random, *, start: float, step: float, years: range, noise: float, digits: int
) -> dict[int, str]:
    values, value = {}, start
    for year in years:
        value += step + rng.uniform(-noise, noise)
        if year in (2020, 2021):  # the pandemic's rise, as every series of those years shows
            value += 0.6
        values[year] = f"{max(value, 0):.{digits}f}"
    return values


def _values(code: str, rng: random.Random, *, level: int) -> list[ValueInput]:
    """Series for one region: the country and provinces publish March and September, a
    regency March only (and TPT in August, Gini and IPM as annual figures)."""
    periods = ["march"] if level == 5 else ["march", "september"]
    years = range(2015, 2026)
    base = {5: 10.5, 2: 11.8, 0: 11.2}[level]
    rows: list[ValueInput] = []
    for period in periods:
        p0 = _series(rng, start=base, step=-0.25, years=years, noise=0.08, digits=2)
        for year, value in p0.items():
            rows.append(ValueInput(code, "p0", year, period, value, SYNTHETIC_SOURCE))
            p1 = Decimal(value) * Decimal("0.16")
            rows.append(ValueInput(code, "p1", year, period, f"{p1:.2f}", SYNTHETIC_SOURCE))
            rows.append(
                ValueInput(
                    code, "p2", year, period, f"{p1 * Decimal('0.25'):.2f}", SYNTHETIC_SOURCE
                )
            )
            line = 330_000 * (1.055 ** (year - 2015)) * rng.uniform(0.99, 1.01)
            rows.append(
                ValueInput(code, "poverty_line", year, period, f"{line:.0f}", SYNTHETIC_SOURCE)
            )
            population = {5: 1_250.0, 2: 41_000.0, 0: 270_000.0}[level]
            poor = population * float(value) / 100
            rows.append(
                ValueInput(code, "poor_count", year, period, f"{poor:.2f}", SYNTHETIC_SOURCE)
            )
        for year in (2021, 2022, 2023, 2025):
            extreme = f"{max(0.3, 3.4 - 0.7 * (year - 2021) + rng.uniform(-0.1, 0.1)):.2f}"
            line_used = EXTREME_LINE_2011 if year <= 2023 else EXTREME_LINE_2017
            rows.append(
                ValueInput(
                    code, "extreme_poverty", year, period, extreme, SYNTHETIC_SOURCE, line_used
                )
            )
    for year in years:
        tpt = f"{4.5 + rng.uniform(-0.6, 0.6) + (1.5 if year in (2020, 2021) else 0):.2f}"
        rows.append(ValueInput(code, "unemployment", year, "august", tpt, SYNTHETIC_SOURCE))
        hdi = f"{66 + 0.6 * (year - 2015) + rng.uniform(-0.1, 0.1):.2f}"
        rows.append(ValueInput(code, "hdi", year, "annual", hdi, SYNTHETIC_SOURCE))
        gini_period = "annual" if level == 5 else "march"
        gini = f"{0.36 + rng.uniform(-0.02, 0.02):.3f}"
        rows.append(ValueInput(code, "gini", year, gini_period, gini, SYNTHETIC_SOURCE))
    return rows


def _meetings(*, user: User, regency: Region, rng: random.Random) -> int:
    if Meeting.objects.filter(region=regency, title__endswith="(demo)").exists():
        return Meeting.objects.filter(region=regency, title__endswith="(demo)").count()
    agencies = agencies_ensure_standard(region=regency)
    plans = [
        (
            "Rakor TKPK semester I (demo)",
            date(2026, 3, 12),
            "1. Pemutakhiran DTSEN triwulan I\n2. Kesalahan eksklusi PKH dan Sembako\n"
            "3. Rencana aksi tahunan 2026",
            "Dinas Sosial memverifikasi keluarga desil 1 yang belum menerima bantuan; "
            "Bappeda menyusun RAT 2026 sebelum akhir April.",
            [
                ("Verifikasi keluarga desil 1 tanpa bantuan", "dinsos", date(2026, 4, 30), "done"),
                ("Susun Rencana Aksi Tahunan 2026", "bappeda", date(2026, 4, 30), "done"),
                ("Data anak putus sekolah per desa", "disdik", date(2026, 6, 30), "open"),
                ("Jadwal rutilahu desa prioritas", "pupr", date(2026, 7, 31), "in_progress"),
            ],
        ),
        (
            "Rakor TKPK semester II (demo)",
            date(2026, 9, 17),
            "1. Realisasi program triwulan II\n2. Pengaduan yang belum selesai\n"
            "3. Persiapan LP2KD 2026",
            "Semua OPD menyerahkan realisasi triwulan III paling lambat 15 Oktober; "
            "sekretariat menyiapkan rancangan LP2KD.",
            [
                ("Serahkan realisasi triwulan III", "dinkes", date(2026, 10, 15), "open"),
                ("Tindak lanjuti pengaduan terlambat", "dinsos", date(2026, 10, 31), "in_progress"),
                ("Rancangan LP2KD 2026", "bappeda", date(2027, 1, 15), "open"),
            ],
        ),
    ]
    for title, held_on, agenda, decisions, follow_ups in plans:
        meeting = meeting_create(
            user=user,
            data=MeetingInput(
                region_code=regency.code,
                title=title,
                held_on=held_on,
                place="Ruang rapat Bappeda",
                agenda=agenda,
                chair="Wakil Bupati",
                decisions=decisions,
            ),
            today=date(2026, 12, 31),
        )
        attendees_add(
            user=user,
            meeting=meeting,
            attendees=[
                AttendeeInput(name=_name(rng), sex=rng.choice("LP"), agency_id=agencies[code].pk)
                for code in ("bappeda", "dinsos", "dinkes", "disdik", "pupr", "dpmd", "dinkop")
            ]
            + [AttendeeInput(name=_name(rng), sex="P", institution="Forum Disabilitas")],
        )
        for action, owner, due_on, status in follow_ups:
            follow_up = follow_up_add(
                user=user,
                meeting=meeting,
                data=FollowUpInput(action=action, owner_id=agencies[owner].pk, due_on=due_on),
            )
            if status != "open":
                follow_up_update(
                    user=user,
                    follow_up=follow_up,
                    data=FollowUpInput(
                        action=action, owner_id=agencies[owner].pk, due_on=due_on, status=status
                    ),
                    today=min(due_on, date(2026, 12, 1)),
                )
    return len(plans)


def monitoring_generate(*, regency_code: str, seed: int, username: str) -> MonitoringDemo:
    regency = Region.objects.get(code=regency_code, level=Region.Level.REGENCY)
    user = User.objects.get(username=username)

    # One generator per part and region: a part skipped on a rerun (the decree exists)
    # leaves the others' numbers as they were.
    def rng(part: str) -> random.Random:
        return random.Random(f"{seed}:{part}")  # noqa: S311 (demo data, no secret in it)

    with transaction.atomic():
        decree, members = _composition(user=user, regency=regency, rng=rng("tkpk"))
        own = indicator_values_store(
            user=user, values=_values(regency.code, rng(regency.code), level=5), via="demo"
        )
        kept = 0
        for code, level in ((regency.code[:2], 2), ("00", 0)):
            try:
                indicator_values_store(
                    user=user, values=_values(code, rng(code), level=level), via="demo"
                )
            except RowsRefused:
                kept += 1  # another regency's demo stored this comparison series already
        meetings = _meetings(user=user, regency=regency, rng=rng("rakor"))
    return MonitoringDemo(
        decree=decree,
        members=members,
        values_new=own["new"],
        comparison_kept=kept,
        meetings=meetings,
    )
