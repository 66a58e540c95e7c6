from __future__ import annotations

import json
import resource
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from households.benchmark import bench_workdir, registry_bench
from monitoring.benchmark import dashboard_bench
from musrenbang.benchmark import musrenbang_bench
from programs.targeting.benchmark import targeting_bench
from reports.lp2kd.benchmark import lp2kd_bench

# In order: each phase works on what the ones before it left in the database.
PHASES = ["registry", "targeting", "musrenbang", "dashboard", "lp2kd"]


class Command(BaseCommand):
    help = (
        "Ukur kinerja pada skala kabupaten (PostgreSQL): impor registri 1,2 juta jiwa, unggah "
        "ulang, koreksi 10%, batas COPY, analisis penargetan atas ~700.000 baris penerima, "
        "20.000 usulan Musrenbang (peringkat, pagu, berita acara), dasbor pimpinan dan evaluasi "
        "atas 48.000 laporan realisasi, lalu "
        "LP2KD kabupaten. "
        "Mengosongkan registri basis data ini."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--regency", default="35.05")
        parser.add_argument("--households", type=int, default=350_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--from",
            dest="first_phase",
            choices=PHASES,
            default=PHASES[0],
            help="mulai dari tahap ini (tahap sebelumnya sudah dijalankan pada basis data ini)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="izinkan basis data yang namanya tidak memuat 'bench'",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Benchmark berjalan pada PostgreSQL (atur DATABASE_URL).")
        name = connection.settings_dict["NAME"]
        if "bench" not in name and not options["force"]:
            raise CommandError(f"Basis data '{name}' bukan basis data benchmark; pakai --force.")
        call_command("migrate", verbosity=0)
        call_command("load_regions", verbosity=0)
        started = time.monotonic()

        def report(phase: str, seconds: float, rows: int) -> None:
            rate = f"{rows / seconds:,.0f} baris/dtk" if seconds else "-"
            self.stdout.write(
                f"{phase:<48} {seconds:8.2f} dtk  {rate:>22}  puncak {peak_rss_mb():,.0f} MB"
            )

        regency, seed = options["regency"], options["seed"]
        phases = {
            "registry": lambda: registry_bench(
                regency_code=regency,
                households=options["households"],
                seed=seed,
                workdir=bench_workdir(),
                report=report,
            ),
            "targeting": lambda: targeting_bench(regency_code=regency, seed=seed, report=report),
            "musrenbang": lambda: musrenbang_bench(regency_code=regency, seed=seed, report=report),
            "dashboard": lambda: dashboard_bench(regency_code=regency, seed=seed, report=report),
            "lp2kd": lambda: lp2kd_bench(regency_code=regency, report=report),
        }
        figures: dict[str, Any] = {}
        for phase in PHASES[PHASES.index(options["first_phase"]) :]:
            figures |= phases[phase]()
        figures["total_s"] = round(time.monotonic() - started, 2)
        figures["peak_rss_mb"] = round(peak_rss_mb())
        self.stdout.write(json.dumps(figures))


def peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished children (Linux: kB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024
