"""Peak memory and time of one import, measured in a fresh process.

    python import_probe.py import FILE.json NEW.forandring   # read, validate, write the file
    python import_probe.py json FILE.json                    # baseline: json.loads only

Prints two lines: the peak resident set size in KiB, and the seconds taken.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

# Run as a script beside rss_probe.py (sys.path[0] is this folder), not as a package module.
from rss_probe import peak_kib  # type: ignore[import-not-found]


def main() -> None:
    mode, source = sys.argv[1], Path(sys.argv[2])
    from forandring_desktop.services.exchange import import_file
    from forandring_desktop.storage.crypto import KdfParams, use_default_kdf

    use_default_kdf(KdfParams(memory_kib=8, iterations=1, lanes=1))  # not what is measured
    started = time.perf_counter()
    if mode == "json":
        json.loads(source.read_bytes())
    else:
        import_file(source, Path(sys.argv[3]), "benchmark-adgangskode").close()
    took = time.perf_counter() - started
    print(peak_kib())
    print(f"{took:.3f}")


if __name__ == "__main__":
    main()
