"""The project's apps load in any order: no import circle hides behind INSTALLED_APPS.

For every order of our own apps (those whose package lives in this repository; third-party apps
keep their places), a fresh Python process sets INSTALLED_APPS to that order, runs
django.setup(), then imports every module of our packages (tests aside), so that a circle
anywhere shows. Prints one line per order; exits non-zero naming each failing order and its error.

Usage: .venv/bin/python .ci/check_app_order.py
"""

from __future__ import annotations

import importlib
import itertools
import os
import pkgutil
import subprocess
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "diseasemaps.settings"
TIMEOUT_SECONDS = 120


def our_apps(installed_apps: list[str]) -> list[str]:
    """The INSTALLED_APPS entries whose top-level package is a folder of this repository."""
    ours = []
    for entry in installed_apps:
        package = entry.split(".")[0]
        if (ROOT / package / "__init__.py").is_file():
            ours.append(entry)
    return ours


def reordered(installed_apps: list[str], order: tuple[str, ...]) -> list[str]:
    """INSTALLED_APPS with our apps in `order`, in the slots they hold today."""
    ours = iter(order)
    mine = set(order)
    return [next(ours) if entry in mine else entry for entry in installed_apps]


def modules_of(package_name: str) -> list[str]:
    package = importlib.import_module(package_name)
    names = [package_name]
    for module in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
        if "tests" in module.name.split(".") or module.name.rsplit(".", 1)[-1].startswith("test_"):
            continue
        names.append(module.name)
    return names


def load(order: tuple[str, ...]) -> None:
    """In this process: set up Django with our apps in `order`, then import all our modules."""
    import django
    from django.conf import settings

    settings.INSTALLED_APPS = reordered(list(settings.INSTALLED_APPS), order)
    django.setup()
    for app in order:
        for name in modules_of(app.split(".")[0]):
            importlib.import_module(name)


def check(order: tuple[str, ...]) -> str | None:
    """Run `load(order)` in a fresh process; return the error, or None."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS}
    env.setdefault("DEBUG", "1")  # a development SECRET_KEY is enough to load the code
    try:
        result = subprocess.run(
            [sys.executable, __file__, "--load", *order],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return f"timed out after {TIMEOUT_SECONDS} s"
    if result.returncode == 0:
        return None
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    return lines[-1] if lines else f"exit status {result.returncode}"


def main() -> int:
    if sys.argv[1:2] == ["--load"]:
        sys.path.insert(0, str(ROOT))
        try:
            load(tuple(sys.argv[2:]))
        except Exception:
            traceback.print_exc()
            return 1
        return 0

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DEBUG", "1")
    settings = importlib.import_module(SETTINGS)
    apps = our_apps(list(settings.INSTALLED_APPS))
    failures = []
    for order in itertools.permutations(apps):
        error = check(order)
        print(f"{'ok  ' if error is None else 'FAIL'} {', '.join(order)}" + (f": {error}" if error else ""))
        if error:
            failures.append((order, error))
    if failures:
        print(f"\n{len(failures)} of the app orders fail to load:", file=sys.stderr)
        for order, error in failures:
            print(f"  INSTALLED_APPS order {', '.join(order)}: {error}", file=sys.stderr)
        return 1
    print(f"All {len(list(itertools.permutations(apps)))} orders of {', '.join(apps)} load.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
