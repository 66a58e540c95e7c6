from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from tkpk.services.demo import DEMO_PASSWORD, demo_regency_setup


class Command(BaseCommand):
    help = "Siapkan kabupaten demo (bawaan: Kabupaten Blitar 35.05) dengan satu akun per peran."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--regency", default=settings.DEMO_REGENCY_CODE)

    def handle(self, *args: Any, **options: Any) -> None:
        logins, api_key = demo_regency_setup(regency_code=options["regency"])
        self.stdout.write(self.style.SUCCESS(f"Akun demo (kata sandi semua akun: {DEMO_PASSWORD})"))
        for login in logins:
            agency = f" · {login.agency}" if login.agency else ""
            self.stdout.write(f"  {login.username:<16} {login.role} — {login.region}{agency}")
        self.stdout.write(f"  Token API demo (api.bpjs): {api_key}")
