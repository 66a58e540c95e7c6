"""The registry's verification batch as an import of ``tkpk.tabular``: its columns, the
columns it cannot do without, and its own whole-file problems. Cells are checked in
``households.normalise``, rows against each other and the registry in ``households.staging``
and ``households.reconcile``, and the commit is ``households.commit``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_noop

from households.columns import BY_HEADER, COLUMNS, REQUIRED_HEADERS
from tkpk.models import AuditAction
from tkpk.roles import Permission
from tkpk.tabular.files import ImportFile, import_file_open
from tkpk.tabular.problems import file_problem
from tkpk.tabular.spec import TableImport


def _required_missing(headers: list[str]) -> dict[str, Any] | None:
    present = set(headers)
    missing = [h for h in REQUIRED_HEADERS if h not in present]
    return file_problem("missing_columns", missing=", ".join(missing)) if missing else None


REGISTRY_BATCH = TableImport(
    folder="batches",
    max_bytes=500 * 1024 * 1024,
    too_large=gettext_noop("Berkas lebih dari %(mb)s MB; pecah menjadi beberapa batch."),
    default_name="batch.csv",
    validate_job="batch_validate",
    commit_job="batch_commit",
    commit_permission=Permission.APPROVE_BATCH,
    commit_audit=AuditAction.BATCH_COMMITTED,
    not_ready=gettext_noop("Batch ini belum siap disahkan (status: %s)."),
    columns=frozenset(BY_HEADER),
    aliases={"kode_wilayah": "kode_desa", "alasan": "alasan_hapus"},
    required=_required_missing,
    # Free-text columns a person reads on the page (names, addresses, sources).
    text_columns=[col.header for col in COLUMNS if col.kind in ("text", "name")],
    messages={
        "missing_columns": gettext_noop(
            "Kolom wajib tidak ada: %(missing)s. Unduh templat batch untuk susunan kolom."
        ),
        "same_file_committed": gettext_noop(
            "Berkas ini sama persis dengan batch #%(id)s yang sudah disahkan."
        ),
    },
)


def batch_file_open(path: Path) -> ImportFile:
    return import_file_open(path, table=REGISTRY_BATCH)
