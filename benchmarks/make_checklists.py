"""Write N realistic checklist files of M items each into a folder (bench_load.py, run.py)."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = [
    "ask",
    "the",
    "team",
    "for",
    "records",
    "evaluation",
    "report",
    "services",
    "minutes",
    "goal",
    "progress",
    "data",
    "accommodation",
    "teacher",
    "case",
    "manager",
    "meeting",
    "notice",
    "consent",
    "review",
    "plan",
    "written",
    "copy",
    "reading",
    "math",
    "speech",
    "counseling",
    "transport",
    "extended",
    "time",
    "breaks",
    "seating",
    "nurse",
]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def checklist(index: int, items: int, rng: random.Random) -> str:
    out = [
        "format = 1",
        f'id = "bench-{index:03d}"',
        "version = 1",
        f'title = "{sentence(rng, 5)}"',
        'kind = "ongoing"',  # started as a standing checklist (start refuses a meeting's)
        f'summary = "{sentence(rng, 20)}"',
        "reviewed = 2026-11-28",
        'sources = [{ title = "34 CFR 300.613", '
        'url = "https://www.ecfr.gov/current/title-34/section-300.613" }]',
    ]
    per_section = 15
    for k in range(items):
        if k % per_section == 0:
            out += ["", "[[sections]]", f'title = "{sentence(rng, 3)}"']
        out += [
            "",
            "[[sections.items]]",
            f'id = "item-{k:03d}"',
            f'text = "{sentence(rng, 12)}"',
            f'details = "{sentence(rng, 40)}"',
            f'due = "{rng.randint(1, 10)} school days before"',
            'sources = [{ title = "Rule", url = "https://www.ecfr.gov/current/title-34" }]',
        ]
    return "\n".join(out) + "\n"


def write_all(folder: Path, files: int, items: int, seed: int = 7) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for i in range(files):
        (folder / f"bench-{i:03d}.toml").write_text(checklist(i, items, rng))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--files", type=int, default=30)
    parser.add_argument("--items", type=int, default=150)
    args = parser.parse_args()
    write_all(args.folder, args.files, args.items)
    print(f"wrote {args.files} files of {args.items} items to {args.folder}")


if __name__ == "__main__":
    main()
