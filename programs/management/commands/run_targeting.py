from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from programs.models import TargetingRun
from programs.targeting.services import targeting_run_execute
from tkpk.models import Region, User


class Command(BaseCommand):
    help = "Jalankan analisis penargetan untuk sebuah wilayah (jalur yang sama dengan Celery)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--region", default=settings.DEMO_REGENCY_CODE)
        parser.add_argument("--date", type=date.fromisoformat, default=date.today())
        parser.add_argument("--username", required=True, help="akun yang tercatat menjalankan")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
            region = Region.objects.get(code=options["region"])
        except (User.DoesNotExist, Region.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        run = TargetingRun.objects.create(
            region=region, reference_date=options["date"], created_by=user
        )
        run = targeting_run_execute(run_id=run.pk)
        seconds = sum(step["ms"] for step in run.steps) / 1000
        self.stdout.write(
            self.style.SUCCESS(f"Analisis penargetan #{run.pk} selesai dalam {seconds:.1f} dtk.")
        )
