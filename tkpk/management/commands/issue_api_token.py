from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tkpk.models import RoleAssignment
from tkpk.roles import Role
from tkpk.services.api_tokens import api_token_issue


class Command(BaseCommand):
    help = "Terbitkan token API untuk pengguna berperan klien API di satu wilayah."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--region", required=True, help="kode wilayah penugasan, mis. 35.05")
        parser.add_argument("--name", required=True, help="nama sistem pemakai token")

    def handle(self, *args: Any, **options: Any) -> None:
        assignment = RoleAssignment.objects.filter(
            user__username=options["username"], region_id=options["region"], role=Role.API_CLIENT
        ).first()
        if assignment is None:
            raise CommandError(
                f"{options['username']} tidak berperan klien API di wilayah {options['region']}."
            )
        _, key = api_token_issue(assignment=assignment, name=options["name"], actor=None)
        self.stdout.write(key)
