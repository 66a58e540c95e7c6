"""Tracking codes: the form a complainant is given (``ADU-7K3M-Q9PX``) and reading back
what a person typed. Both the writes (a new complaint) and the reads (the search box, the
public status page) use them."""

from __future__ import annotations

import secrets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
CODE_PREFIX = "ADU"


def code_new() -> str:
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{CODE_PREFIX}-{chars[:4]}-{chars[4:]}"


def code_normalise(text: str) -> str:
    """'adu 7k3m q9px', 'ADU7K3MQ9PX' or '7K3M-Q9PX' -> 'ADU-7K3M-Q9PX'."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if cleaned.startswith(CODE_PREFIX) and len(cleaned) == len(CODE_PREFIX) + 8:
        cleaned = cleaned[len(CODE_PREFIX) :]
    if len(cleaned) != 8:
        return (text or "").strip().upper()[:20]
    return f"{CODE_PREFIX}-{cleaned[:4]}-{cleaned[4:]}"
