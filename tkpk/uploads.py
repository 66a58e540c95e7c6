"""The names uploaded files arrive with: kept to show people, never used as a path."""

from __future__ import annotations

import re

# Control characters (a newline breaks a Content-Disposition header) and characters that
# reverse or hide text ("foto\u202egpj.exe" displays as "fotoexe.jpg").
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SUFFIX = re.compile(r"\.[a-z0-9]{1,5}")


def upload_display_name(filename: str, *, default: str, max_length: int = 200) -> str:
    """The last part of ``filename`` under either kind of slash, without control or
    direction characters, cut to ``max_length`` with its extension kept."""
    name = _UNSHOWABLE.sub("", re.split(r"[\\/]", filename or "")[-1]).strip()
    if name.strip(".") == "":
        return default
    if len(name) > max_length:
        stem, dot, extension = name.rpartition(".")
        extension = extension[:10] if stem else ""
        name = stem[: max_length - len(extension) - 1] + dot + extension if stem else name
        name = name[:max_length]
    return name


def upload_suffix(filename: str, *, default: str) -> str:
    """The extension a stored copy gets: a short plain one from the name, else ``default``.
    (What a file is comes from its content; the extension only helps people.)"""
    name = upload_display_name(filename, default="")
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return suffix if _SUFFIX.fullmatch(suffix) else default
