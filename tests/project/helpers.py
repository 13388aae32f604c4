"""What the project-level tests share: manage.py run as production runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-grade-secret-key-with-plenty-of-different-characters-0123456789",
    "ALLOWED_HOSTS": "diseasemaps.example.org",
    "SITE_URL": "https://diseasemaps.example.org",
    "OPERATOR_NAME": "Diseasemaps Association",
    "OPERATOR_ADDRESS": "3 Quay Street, Valencia",
    "OPERATOR_EMAIL": "privacy@diseasemaps.example.org",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """manage.py in a clean environment: only PATH and what the test gives."""
    clean = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "diseasemaps.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )
