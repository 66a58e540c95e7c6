from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from households.models import Household, Person
from musrenbang.synthetic import musrenbang_generate
from programs.models import TargetingRun
from tkpk.models import Region
from tkpk.services.demo import DEMO_PASSWORD, demo_regency_setup

# The exit status that asks for `make bench` first (any other failure stops the load test).
EMPTY = 3


class Command(BaseCommand):
    help = (
        "Siapkan uji beban atas basis data benchmark: akun per peran, token API, dan contoh "
        "rumah tangga, NIK, nama, kecamatan dan run penargetan untuk dipakai pengguna maya."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--regency", default="35.05")
        parser.add_argument("--out", default="")
        parser.add_argument(
            "--check", action="store_true", help="hanya periksa bahwa datanya sudah ada"
        )
        parser.add_argument("--samples", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        regency = options["regency"]
        households = Household.objects.filter(village__code__startswith=regency + ".")
        last = households.order_by("-id").values_list("id", flat=True).first()
        if last is None:
            raise CommandError(
                "Registri kosong: jalankan `make bench` dahulu (uji beban memakai datanya).",
                returncode=EMPTY,
            )
        run = (
            TargetingRun.objects.filter(region_id=regency, state=TargetingRun.State.DONE)
            .order_by("-id")
            .first()
        )
        if run is None:
            raise CommandError(
                "Belum ada run penargetan selesai: jalankan `make bench` dahulu.", returncode=EMPTY
            )
        if options["check"]:
            return
        if not options["out"]:
            raise CommandError("--out wajib diisi.")
        logins, api_key = demo_regency_setup(regency_code=regency)
        # Musrenbang's pages need a planning year to show (a rerun keeps the one there is).
        planning = musrenbang_generate(
            regency_code=regency, seed=options["seed"], username="sekretariat"
        ).planning_year
        # Ids spread over the table by keyset probes, not ORDER BY random() over 350,000 rows.
        rng = random.Random(options["seed"])  # noqa: S311 - samples, not secrets
        first = households.order_by("id").values_list("id", flat=True).first() or 0
        picked = set()
        for _ in range(options["samples"]):
            found = households.filter(id__gte=rng.randint(first, last)).order_by("id")
            household_id = found.values_list("id", flat=True).first()
            if household_id:
                picked.add(household_id)
        heads = Person.objects.filter(household_id__in=picked, relation="kepala")
        sample = list(heads.values_list("household_id", "household__kk", "nik", "name"))
        districts = list(
            Region.objects.filter(code__startswith=regency + ".", level=Region.Level.DISTRICT)
            .order_by("code")
            .values_list("code", flat=True)
        )
        villages = list(
            Region.objects.filter(code__startswith=regency + ".", level=Region.Level.VILLAGE)
            .order_by("code")
            .values_list("code", flat=True)
        )
        parameters = {
            "password": DEMO_PASSWORD,
            "users": {login.username: login.role for login in logins},
            "api_key": api_key,
            "households": [row[0] for row in sample],
            "kks": [row[1] for row in sample],
            "niks": [row[2] for row in sample],
            "names": sorted({row[3].split()[0] for row in sample if row[3]}),
            "districts": districts,
            "villages": villages,
            "run": run.pk,
            "planning_year": planning.pk,
            "programs": sorted((run.criteria_snapshot or {}).keys()),
        }
        Path(options["out"]).write_text(json.dumps(parameters))
        self.stdout.write(f"{len(sample)} rumah tangga contoh, run #{run.pk} -> {options['out']}")
