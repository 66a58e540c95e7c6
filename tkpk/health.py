"""What /healthz reports: the database, the broker and the workers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError


def health_report() -> dict[str, Any]:
    return {"database": _database(), "broker": _broker(), "workers": _workers()}


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"ok": False, "vendor": connection.vendor, "error": str(exc).splitlines()[0]}
    return {"ok": True, "vendor": connection.vendor}


def _broker() -> dict[str, Any]:
    if not settings.REDIS_URL:
        return {"ok": True, "mode": "in-process"}
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError as exc:
        return {"ok": False, "mode": "redis", "error": str(exc)}
    return {"ok": True, "mode": "redis"}


def _workers() -> dict[str, Any]:
    if not settings.REDIS_URL:
        return {"ok": True, "mode": "in-process", "count": 0}
    from tkpk.celery import app

    try:
        replies = app.control.ping(timeout=0.5)
    except Exception as exc:  # the broker being down is reported above; keep answering
        return {"ok": False, "mode": "celery", "count": 0, "error": str(exc)}
    return {"ok": bool(replies), "mode": "celery", "count": len(replies)}
