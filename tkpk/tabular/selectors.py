"""Reads every uploaded table shares."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tkpk.paging import KeysetPage, id_from_text, keyset_page


def uploaded_batch_rows_page(*, rows: QuerySet[Any], after: str | None, size: int) -> KeysetPage:
    """One page of a batch's rows by row number, after the row number ``after`` (as written
    in a query string). No COUNT over up to 1.2M rows: the batch page shows the counts the
    batch carries, and the page's own count stays 0."""
    return keyset_page(rows, after=id_from_text(after), size=size, key="row_number", total=0)
