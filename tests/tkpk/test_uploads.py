"""The names files are uploaded under are shown to people, never used as paths."""

from __future__ import annotations

import pytest

from tkpk.uploads import upload_display_name, upload_suffix


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../x.csv", "x.csv"),
        ("..\\..\\x.csv", "x.csv"),
        ("/etc/passwd", "passwd"),
        ("..", "lampiran"),
        ("", "lampiran"),
        ("daftar-keluarga-Hadí-ジャワ.csv", "daftar-keluarga-Hadí-ジャワ.csv"),
        ("foto\u202egpj.exe", "fotogpj.exe"),
        ("batch\n\x07.csv", "batch.csv"),
    ],
)
def test_a_name_keeps_its_last_part_without_control_or_direction_characters(sent, kept):
    assert upload_display_name(sent, default="lampiran") == kept


def test_a_long_name_is_cut_keeping_its_extension():
    name = upload_display_name("d" * 400 + ".xlsx", default="x")
    assert len(name) == 200 and name.endswith("d.xlsx")


@pytest.mark.parametrize(
    ("sent", "suffix"),
    [("a.CSV", ".csv"), ("a.xlsx", ".xlsx"), ("a", ".csv"), ("a.\x00", ".csv"), ("a.c/sv", ".csv")],
)
def test_a_stored_copy_gets_a_short_plain_extension(sent, suffix):
    assert upload_suffix(sent, default=".csv") == suffix
