"""Time `iepcheck status` on 200 children, next to `python -c pass` and `iepcheck --version`.

    python benchmarks/bench_status.py [--children 200] [--runs 7]
Each figure is a whole process, as a user over SSH waits for it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return min(times) * 1000, statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        env = {**os.environ, "IEPCHECK_DATA_DIR": str(data), "XDG_CACHE_HOME": f"{tmp}/cache"}
        subprocess.run(
            [
                sys.executable,
                str(HERE / "make_children.py"),
                str(data),
                "--children",
                str(args.children),
            ],
            env=env,
            check=True,
        )
        size = sum(p.stat().st_size for p in (data / "children").glob("*.toml"))
        print(f"{args.children} children, {size / 1024:.0f} KiB of progress files")
        py = sys.executable
        today = ["--today", "2026-11-28"]
        for label, cmd in [
            ("python -c pass", [py, "-c", "pass"]),
            ("iepcheck --version", [py, "-m", "iepcheck", "--version"]),
            ("iepcheck status", [py, "-m", "iepcheck", "status", *today]),
            ("iepcheck status --json", [py, "-m", "iepcheck", "status", "--json", *today]),
            ("iepcheck status child-000", [py, "-m", "iepcheck", "status", "child-000", *today]),
        ]:
            best, median = timed(cmd, env, args.runs)
            print(f"{label:<28} best {best:7.1f} ms   median {median:7.1f} ms")


if __name__ == "__main__":
    main()
