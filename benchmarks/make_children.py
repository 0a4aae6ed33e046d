"""Make a data folder of N children with meetings, runs, ticks and logs (for bench_status.py)."""

from __future__ import annotations

import argparse
import random
from datetime import date, datetime, timedelta
from pathlib import Path

from iepcheck.library import scan
from iepcheck.progress import Child
from iepcheck.store import Store


def populate(data_dir: Path, count: int, today: date, seed: int = 11) -> None:
    rng = random.Random(seed)
    library = scan(data_dir)
    prep = library.get("ct-ppt-prep")
    monitor = library.get("ct-504-monitoring")
    guide = library.get("ct-504-or-iep")
    assert prep and monitor and guide
    store = Store(data_dir)
    for n in range(count):
        child = store.create(f"Child {n:03d}", rng.choice(["iep", "504", "none"]))

        def fill(c: Child) -> None:
            c.add_closed(date(2026, 12, 24), date(2027, 1, 1), "winter break")
            for k in range(rng.randint(1, 3)):
                day = today + timedelta(days=rng.randint(-20, 70))
                m = c.add_meeting(day, f"Meeting {k}", "ppt")
                run = c.attach(prep.checklist, "bundled", today - timedelta(days=30), m.id)
                for item in run.item_ids()[: rng.randint(0, 20)]:
                    run.tick(item, datetime.combine(today, datetime.min.time()).astimezone())
                if rng.random() < 0.3:
                    c.attach(guide.checklist, "bundled", today, m.id)
            if c.plan == "504":
                run = c.attach(monitor.checklist, "bundled", today - timedelta(days=60))
                for w in range(8):
                    run.add_log(
                        "log-missed-weekly",
                        today - timedelta(weeks=w),
                        "Extended time not given on the math quiz",
                        datetime.now().astimezone(),
                    )

        store.update(child.id, fill)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--children", type=int, default=200)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 28))
    args = parser.parse_args()
    populate(args.data_dir, args.children, args.today)
    print(f"made {args.children} children in {args.data_dir}")


if __name__ == "__main__":
    main()
