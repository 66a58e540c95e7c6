"""Validate (and with --commit, commit) a recipient list from the command line: the same
services the pages and the API use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from programs.models import ProgramPeriod
from programs.recipients.batches import (
    RecipientBatchError,
    recipient_batch_commit,
    recipient_batch_upload,
    recipient_batch_validate,
)
from tkpk.models import Region, User
from tkpk.tabular.problems import file_problem_texts


class Command(BaseCommand):
    help = "Impor daftar penerima (CSV/XLSX) untuk satu program dan periode."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--program", required=True, help="kode program, mis. PKH")
        parser.add_argument("--period", required=True, help="nama periode, mis. 2026")
        parser.add_argument("--username", required=True)
        parser.add_argument("--region", default="", help="kode wilayah daftar")
        parser.add_argument("--commit", action="store_true", help="sahkan bila valid")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
            period = ProgramPeriod.objects.select_related("program").get(
                program__code=options["program"], name=options["period"]
            )
        except (User.DoesNotExist, ProgramPeriod.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        region = (
            Region.objects.filter(code=options["region"]).first() if options["region"] else None
        )
        with options["file"].open("rb") as handle:
            batch = recipient_batch_upload(
                user=user,
                period=period,
                upload=handle,
                filename=options["file"].name,
                region=region,
                queue_validation=False,
            )
        recipient_batch_validate(batch=batch)
        batch.refresh_from_db()
        self.stdout.write(
            f"#{batch.pk} {batch.get_state_display()}: {batch.rows_new} baru, "
            f"{batch.rows_unchanged} sudah terdaftar, {batch.rows_not_in_registry} tidak ada di "
            f"registri, {batch.rows_rejected} ditolak"
        )
        for message in file_problem_texts(batch.file_errors):
            self.stdout.write(f"  {message}")
        if options["commit"]:
            try:
                recipient_batch_commit(batch_id=batch.pk, user=user)
            except (ValidationError, RecipientBatchError) as exc:
                messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                raise CommandError(" ".join(messages)) from exc
            self.stdout.write(f"#{batch.pk} disahkan.")
