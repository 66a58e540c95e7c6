"""Counting requests per client address in Django's cache (Redis in production, local
memory in the embedded default): a fixed window per rate such as ``"10/hour"``."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/hour' -> (10, 3600). A malformed rate is a configuration error, raised at once."""
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.strip().rstrip("s")]


def rate_limit_exceeded(*, scope: str, ident: str, rate: str) -> bool:
    """Count one request of ``ident`` in ``scope``; True once it is over the rate."""
    allowed, seconds = parse_rate(rate)
    window = int(time.time() // seconds)
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}:{window}"
    cache.add(key, 0, timeout=seconds + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 5)
        used = 1
    return used > allowed
