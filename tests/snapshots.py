"""What a refused write must leave untouched: each table's row count and a checksum of
every value in it, so that a changed field anywhere shows, not only a missing row."""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.db import models


def table_state(*labels: str) -> dict[str, tuple[int, str]]:
    """``{"households.Household": (rows, sha256 of every row's values in id order)}``."""
    state = {}
    for label in labels:
        model: type[models.Model] = apps.get_model(label)
        rows = model._default_manager.order_by("pk").values_list()
        digest = hashlib.sha256()
        count = 0
        for row in rows.iterator(chunk_size=2000):
            digest.update(repr(row).encode())
            count += 1
        state[label] = (count, digest.hexdigest())
    return state


REGISTRY = ("households.Household", "households.Person", "households.HouseholdChange")
