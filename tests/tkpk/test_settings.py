from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "tkpk.settings.production",
    "DJANGO_SECRET_KEY": "p9$Vq!2zR7@kL4#xN8&mW1^tB6*yH3(cJ5)fD0_gS-eA+uQ=oI",
    "DJANGO_ALLOWED_HOSTS": "tkpk.example.go.id",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/tkpk",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_check_deploy_prints_no_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


def test_a_boolean_setting_with_a_typo_is_refused():
    result = manage(
        "check", env={"DJANGO_SETTINGS_MODULE": "tkpk.settings.local", "DJANGO_DEBUG": "ture"}
    )
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr
