"""Time loading checklists: the library scan over 30 files of 150 items, and the parsers.

python benchmarks/bench_load.py            # makes the files in a temp folder
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import tomlkit

from iepcheck.checklists import library

HERE = Path(__file__).resolve().parent


def best_of(fn, runs: int = 7) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, statistics.median(times) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "lists"
        subprocess.run([sys.executable, str(HERE / "make_checklists.py"), str(folder)], check=True)
        files = sorted(folder.glob("*.toml"))
        size = sum(f.stat().st_size for f in files)
        data_dir = Path(tmp) / "data"
        empty = Path(tmp) / "none"

        def scan() -> None:
            lib = library.scan(data_dir, [folder], bundled=empty)
            assert len(lib.active()) == len(files)

        texts = [f.read_text() for f in files]
        print(f"{len(files)} files, {size / 1024:.0f} KiB in all")
        for label, fn in [
            ("library.scan (read + check + model)", scan),
            ("tomllib.loads only", lambda: [tomllib.loads(t) for t in texts]),
            ("tomlkit.parse only", lambda: [tomlkit.parse(t) for t in texts]),
        ]:
            best, median = best_of(fn)
            print(f"{label:<40} best {best:7.1f} ms   median {median:7.1f} ms")


if __name__ == "__main__":
    main()
