#!/usr/bin/env python3
"""Developer entry point: creates the virtual environment when it is missing, then runs.

    python3.11 dev.py demo     open the app on a demo organisation
    python3.11 dev.py test     ruff, mypy, the layer rule and the whole pytest suite
    python3.11 dev.py bench    the benchmarks at full size: a table, and JSON in benchmark-results/
    python3.11 dev.py schema   rewrite the checked-in JSON Schema of the exchange format
    python3.11 dev.py guide-images   redraw the user guide's screenshots (offscreen, demo data)
    python3.11 dev.py revision "message"   autogenerate a new Alembic revision from tables.py

Only the standard library is used here, so it runs on a machine with nothing but Python.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".forandring-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")

DEMO_PASSPHRASE = "demo"


def _requirements_hash() -> str:
    # Reinstall whenever the declared dependencies change.
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_env() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036  (dev.py may be started by any python)
        sys.exit("Forandring Desktop kræver Python 3.11 eller nyere.")
    wanted = _requirements_hash()
    if PY.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not PY.exists():
        print("Opretter virtuelt miljø i .venv …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("Installerer afhængigheder …", flush=True)
    subprocess.check_call([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    subprocess.check_call([str(PY), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"])
    STAMP.write_text(wanted)


def run(*args: str, env: dict[str, str] | None = None) -> int:
    return subprocess.call([str(PY), *args], cwd=ROOT, env=env)


def cmd_test(extra: list[str]) -> int:
    steps: list[tuple[str, list[str]]] = [
        ("ruff check", ["-m", "ruff", "check", "src", "tests", "dev.py"]),
        ("ruff format", ["-m", "ruff", "format", "--check", "src", "tests", "dev.py"]),
        ("mypy", ["-m", "mypy"]),
        ("pytest", ["-m", "pytest", "-q", *extra]),
    ]
    for name, args in steps:
        print(f"== {name} ==", flush=True)
        code = run(*args)
        if code != 0:
            print(f"== {name} fejlede (exit {code}) ==", flush=True)
            return code
    return 0


def cmd_bench(extra: list[str]) -> int:
    env = dict(os.environ)
    env["FORANDRING_BENCH"] = "full"
    return run("-m", "pytest", "tests/benchmarks", "-q", "-s", *extra, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "bench", "schema", "revision", "guide-images"}:
        print(__doc__)
        return 2
    ensure_env()
    command, extra = argv[0], argv[1:]
    if command == "test":
        return cmd_test(extra)
    if command == "bench":
        return cmd_bench(extra)
    if command == "schema":
        target = "resources/schema/forandring-desktop-2.schema.json"
        return run("-m", "forandring_desktop.cli", "schema", "-o", target)
    if command == "guide-images":
        # Offscreen, as the test that compares them renders them.
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        return run("-m", "forandring_desktop.ui.help.screenshots", env=env)
    if command == "revision":
        if len(extra) != 1:
            print('usage: python3.11 dev.py revision "what changed"')
            return 2
        code = (
            "import sys; from forandring_desktop.storage.migrate import autogenerate_revision; "
            "autogenerate_revision(sys.argv[1])"
        )
        versions = "src/forandring_desktop/storage/migrations/versions"
        return run("-c", code, extra[0]) or run("-m", "ruff", "format", "-q", versions)
    # demo: make (once) a demo organisation file in the user data dir and open the app on it.
    env = dict(os.environ)
    env.setdefault("FORANDRING_PASSPHRASE", DEMO_PASSPHRASE)
    return run("-m", "forandring_desktop.cli", "demo", "--open", "--if-missing", *extra, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
