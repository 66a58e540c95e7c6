"""``make loadtest``: 50 signed-in users for a bounded time against gunicorn with production
settings, on the benchmark database, on loopback only. Starts what it needs, stops what it
started, prints p50/p95/p99, requests and failures per route and one JSON line at the end."""

from __future__ import annotations

import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PORT = int(os.environ.get("LOADTEST_PORT", "8765"))
USERS = int(os.environ.get("LOADTEST_USERS", "50"))
# People sign in one a second, as a morning's staff arrive over a minute rather than all
# in the same second (each sign-in hashes a password: 50 at once queued every page behind
# them for 20 s). The figures are reset once everyone is in: DURATION is the time with all
# of them working, after the ramp.
SPAWN_RATE = float(os.environ.get("LOADTEST_SPAWN_RATE", "1"))
DURATION = os.environ.get("LOADTEST_DURATION", "120s")
WORKERS = os.environ.get("LOADTEST_WORKERS", "3")


def main() -> int:
    database = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tkpk_bench")
    workdir = Path(tempfile.mkdtemp(prefix="tkpk-loadtest-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tkpk.settings.loadtest",
        "DATABASE_URL": database,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9"),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "TKPK_DATA_DIR": str(workdir),
        "TKPK_LOG_FORMAT": "text",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Everyone comes from 127.0.0.1 here: the per-address limits would count them as one.
        "TKPK_COMPLAINTS_SUBMIT_RATE": "100000/hour",
        "TKPK_COMPLAINTS_LOOKUP_RATE": "100000/minute",
        "TKPK_COMPLAINTS_API_RATE": "100000/minute",
        "TKPK_API_USER_RATE": "100000/minute",
    }
    params = workdir / "params.json"
    manage = [str(BIN / "python"), str(ROOT / "manage.py")]
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], env=env, check=True)
    subprocess.run(
        [*manage, "loadtest_prepare", "--out", str(params)], env=env, check=True, cwd=ROOT
    )
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "tkpk.wsgi",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            WORKERS,
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        _wait_until_up(f"http://{HOST}:{PORT}/healthz")
        prefix = workdir / "stats"
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "loadtest" / "locustfile.py"),
                "--headless",
                "--host",
                f"http://{HOST}:{PORT}",
                "--users",
                str(USERS),
                "--spawn-rate",
                str(SPAWN_RATE),
                "--run-time",
                f"{_seconds(DURATION) + _ramp_seconds()}s",
                "--reset-stats",
                "--stop-timeout",
                "10",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**env, "LOADTEST_PARAMS": str(params)},
            cwd=ROOT,
            check=False,
            timeout=_seconds(DURATION) + _ramp_seconds() + 120,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return _report(Path(f"{prefix}_stats.csv"))


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer at {url}")


def _ramp_seconds() -> int:
    return int(USERS / SPAWN_RATE) + 5


def _seconds(duration: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600}
    return int(duration[:-1]) * units[duration[-1]] if duration[-1] in units else int(duration)


def _report(stats: Path) -> int:
    rows = list(csv.DictReader(stats.open(encoding="utf-8")))
    routes = [r for r in rows if r["Name"] != "Aggregated"]
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(
        f"{'route':<40} {'requests':>9} {'failures':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    )
    for r in sorted(routes, key=lambda r: -float(r["95%"] or 0)):
        print(
            f"{r['Type'] + ' ' + r['Name']:<40} {r['Request Count']:>9} {r['Failure Count']:>9}"
            f" {r['50%']:>9} {r['95%']:>9} {r['99%']:>9}"
        )
    figures = {
        "loadtest_users": USERS,
        "loadtest_duration": DURATION,
        "loadtest_rps": round(float(total["Requests/s"]), 1),
        "loadtest_failures": int(total["Failure Count"]),
        "loadtest_p95_ms": {r["Name"]: int(float(r["95%"] or 0)) for r in routes},
        "loadtest_p95_ms_all": int(float(total["95%"] or 0)),
    }
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
