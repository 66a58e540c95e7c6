"""A header means what the import reading it says: "kode wilayah" is a village code in the
registry and in recipient lists, and a province or regency code in an indicator file."""

from __future__ import annotations

import pytest

from households.imports import REGISTRY_BATCH
from monitoring.indicators.imports import INDICATOR_FILE
from musrenbang.imports.proposals import PROPOSAL_SHEET
from programs.recipients.imports import RECIPIENT_LIST
from tkpk.tabular.files import normalise_header


@pytest.mark.parametrize(
    ("table", "header", "read_as"),
    [
        (REGISTRY_BATCH, "Kode Wilayah", "kode_desa"),
        (REGISTRY_BATCH, "Alasan", "alasan_hapus"),
        (RECIPIENT_LIST, "kode-wilayah", "kode_desa"),
        (PROPOSAL_SHEET, "KODE WILAYAH", "kode_desa"),
        (INDICATOR_FILE, "Kode Wilayah", "kode_wilayah"),
        (INDICATOR_FILE, "Alasan", "alasan"),
        (INDICATOR_FILE, "Nomor KK", "no_kk"),  # the names every import shares
    ],
)
def test_a_header_is_read_the_way_its_import_names_it(table, header, read_as):
    assert normalise_header(header, aliases=table.aliases) == read_as
