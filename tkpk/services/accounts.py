"""Login throttling: after repeated failures a username is locked for a while from that
address, so guessing passwords is slow without letting anyone lock a colleague out from
elsewhere."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(*, username: str, ip: str | None) -> str:
    raw = f"{username.strip().lower()}|{ip or ''}"
    return "login-failures:" + hashlib.sha256(raw.encode()).hexdigest()


def login_is_locked(*, username: str, ip: str | None) -> bool:
    return cache.get(_key(username=username, ip=ip), 0) >= settings.LOGIN_FAILURE_LIMIT


def login_failure_register(*, username: str, ip: str | None) -> int:
    key = _key(username=username, ip=ip)
    timeout = int(settings.LOGIN_LOCKOUT.total_seconds())
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def login_failures_clear(*, username: str, ip: str | None) -> None:
    cache.delete(_key(username=username, ip=ip))
