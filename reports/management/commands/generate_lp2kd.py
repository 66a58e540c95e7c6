from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.lp2kd.services import lp2kd_create, lp2kd_version_generate
from reports.models import Lp2kd
from tkpk.models import Region, RoleAssignment, User
from tkpk.roles import Role
from tkpk.services.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Buat draf LP2KD demo (tahun 2026) untuk kabupaten demo beserta dokumennya, dan akun "
        "'ketua.tkpk' yang menyetujuinya atas nama Ketua TKPK."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--regency", default=settings.DEMO_REGENCY_CODE)
        parser.add_argument("--year", type=int, default=2026)
        parser.add_argument("--username", default="sekretariat")

    def handle(self, *args: Any, **options: Any) -> None:
        regency = Region.objects.get(code=options["regency"])
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError("Jalankan setup_demo dulu.")
        chair, _ = User.objects.get_or_create(username="ketua.tkpk")
        chair.first_name = "Ketua TKPK (Wakil Bupati)"
        chair.set_password(DEMO_PASSWORD)
        chair.save()
        RoleAssignment.objects.get_or_create(user=chair, role=Role.SECRETARIAT, region=regency)
        report = Lp2kd.objects.filter(region=regency, year=options["year"]).first()
        if report is None:
            report = lp2kd_create(user=user, region=regency, year=options["year"])
            version = report.versions.get()
            generated = lp2kd_version_generate(version_id=version.pk)
            self.stdout.write(
                self.style.SUCCESS(
                    f"LP2KD {report.year} {regency.name}: draf versi 1, {generated.pages} halaman."
                )
            )
        else:
            self.stdout.write(f"LP2KD {report.year} {regency.name} sudah ada; tidak diubah.")
        self.stdout.write(f"  ketua.tkpk       menyetujui LP2KD atas nama Ketua TKPK — {regency}")
