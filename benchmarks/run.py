"""iepcheck against a bare Textual app, measured side by side in one run (ratios, not times).

    python benchmarks/run.py            # the full table (README.md: how long it takes)
    python benchmarks/run.py --quick    # one run of each, few children: proves it still works

Makes a data folder (200 children, each with 2 meetings and 6 runs over the bundled
checklists and 25 generated 150-item ones, with ticks, notes and log entries), then times, in
tmux at 80x24 with first_paint.py (copied from the project's shared tools), alternating the
two commands: Home's first paint warm, cold and on the first start of a new day; `status`
warm and first-of-the-day against `python -c pass`; Home and `status` in Spanish against the
same in English; peak RSS; with keys.py, opening a 150-item checklist from Home and ticking it
(until the screen shows it, and until the file holds it) against the bare paint and a bare
list's key press; and one save of a child whose file is 1 MB and 15 MB. Prints one table:
median, min, max, the baseline's median, the ratio.
README.md here says what each row measures.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # keys, first_paint and make_checklists sit beside this file

import keys  # noqa: E402

PY = sys.executable
TODAY = date(2026, 11, 28)


# -- data ------------------------------------------------------------------------------------


def make_data(root: Path, children: int, extra: Path, lists: int) -> tuple[Path, str]:
    """Writes the data; returns the first child's progress file and the id of its run of
    bench-000, a 150-item checklist (the run keys.py opens: Child 000 is listed first)."""
    from make_checklists import write_all

    from iepcheck.calendar.schooldays import ClosedRange
    from iepcheck.clock import Clock
    from iepcheck.records.ids import seeded
    from iepcheck.records.model import LogEntry
    from iepcheck.records.operations import AddClosed, AddLog, Batch, SetNote, Tick
    from iepcheck.service import children as child_service
    from iepcheck.service import meetings, runs
    from iepcheck.service.workspace import Workspace

    write_all(extra, lists, 150, seed=5)
    now = datetime.combine(TODAY, dtime(10)).astimezone()
    ws = Workspace(root, [extra], Clock(TODAY, now=lambda: now))
    rng = random.Random(11)
    generated = [f"bench-{n:03d}" for n in range(lists)]
    known: tuple[Path, str] | None = None
    with seeded(7):
        for n in range(children):
            child = child_service.create(ws.store, f"Child {n:03d}", rng.choice(["iep", "504"]))
            ops = [AddClosed((ClosedRange(date(2026, 12, 24), date(2027, 1, 1), "break"),))]
            child, _ = ws.update(child.id, Batch(tuple(ops)))
            for _ in range(2):
                day = TODAY + timedelta(days=rng.randint(-15, 55))
                add = meetings.new_meeting(
                    ws, child, day, kind="ppt", checklists=["ct-ppt-prep", "ct-504-or-iep"]
                )
                child, _ = ws.update(child.id, add)
            standing = rng.choice(generated)
            if n == 0:  # drawn all the same: the other children's data stays as it was
                standing = generated[0]
            for checklist in ("ct-504-monitoring", standing):
                child, _ = ws.update(child.id, runs.start_standing(ws, child, checklist))
            if n == 0:
                run_id = next(r.id for r in child.runs if r.checklist == standing)
                known = (ws.store.path(child.id), run_id)
            changes = []
            for run in child.runs:
                for s in run.sections:
                    for item in s.items:
                        roll = rng.random()
                        if roll < 0.4:
                            changes.append(Tick(run.id, item.id, now))
                        elif roll < 0.45:
                            changes.append(SetNote(run.id, item.id, "Asked the case manager."))
                        elif roll < 0.47:
                            entry = LogEntry(f"l{len(changes)}", TODAY, "Not provided.", now)
                            changes.append(AddLog(run.id, item.id, entry))
            ws.update(child.id, Batch(tuple(changes)))
    assert known is not None
    return known


# -- timing ----------------------------------------------------------------------------------


def first_paint(argv: list[str], expect: list[str], env: dict[str, str], **kw: object) -> dict:
    """One run of first_paint.py; its raw result."""
    out = Path(tempfile.mkstemp(suffix=".jsonl")[1])
    cmd = [PY, str(HERE / "first_paint.py"), "-n", "1", "--warmup", "0", "--json", str(out)]
    for text in expect:
        cmd += ["--expect", text]
    if kw.get("until_exit"):
        cmd.append("--until-exit")
    else:
        cmd += ["--quit-key", "q"]
    for key, value in env.items():
        cmd += ["--env", f"{key}={value}"]
    subprocess.run([*cmd, "--", *argv], capture_output=True, text=True, timeout=120)
    lines = out.read_text().splitlines()
    out.unlink()
    results = json.loads(lines[-1])["results"] if lines else []
    return results[0] if results else {"ok": False}


def alternate(rounds: int, pair: dict[str, object], prepare=None) -> dict[str, list[dict]]:
    """Each round runs every measured command once, in turn, so noise hits them alike."""
    got: dict[str, list[dict]] = {name: [] for name in pair}
    for _ in range(rounds):
        for name, spec in pair.items():
            if prepare is not None:
                prepare(name)
            got[name].append(first_paint(**spec))  # type: ignore[arg-type]
    return got


def stats(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run each, 5 children")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("benchmarks/run.py needs tmux (apt-get install tmux)", file=sys.stderr)
        return 2
    runs_n = 1 if args.quick else args.runs
    count = 5 if args.quick else 200
    begun = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="iepcheck-bench-"))
    try:
        data, extra, cache = work / "data", work / "lists", work / "cache"
        started = time.perf_counter()
        progress, run_id = make_data(data, count, extra, 3 if args.quick else 25)
        print(f"data: {count} children in {time.perf_counter() - started:.1f} s", flush=True)
        lap_start = [time.perf_counter()]

        def lap(what: str) -> None:  # where the time goes
            print(f"{what}: {time.perf_counter() - lap_start[0]:.0f} s", flush=True)
            lap_start[0] = time.perf_counter()

        env = {
            "IEPCHECK_DATA_DIR": str(data),
            "IEPCHECK_CHECKLISTS": str(extra),
            "IEPCHECK_CACHE_DIR": str(cache),
            "TZ": "America/New_York",
        }
        app = [PY, "-m", "iepcheck", "--today", TODAY.isoformat()]
        home_expect = [f"All children ({count})"]
        bare = {"argv": [PY, str(HERE / "bare_app.py")], "expect": ["Bare app ready"], "env": {}}
        rows: list[tuple[str, list[float], list[float], str]] = []
        failures: dict[str, int] = {}  # a row's failed runs, when others worked
        told: set[int] = set()  # failed runs already described (rows share runs)

        def row(
            label: str, mine: list[dict], base: list[dict], key: str, unit: str, base_key: str = ""
        ) -> None:
            a, b = values(mine, key), values(base, base_key or key)
            failed = [r for r in (*mine, *base) if not r.get("ok")]
            for r in failed:
                if id(r) not in told:
                    told.add(id(r))
                    why = r.get("error") or "failed"
                    print(f"{label}: {why}\n{r.get('screen') or ''}".rstrip(), file=sys.stderr)
            if a and b:
                rows.append((label, a, b, unit))
                if failed:
                    failures[label] = len(failed)
            else:
                rows.append((label, [], [], "failed"))

        # 1. Home's first paint: warm, cold (cache deleted), first start of a new day.
        warm_spec = {"argv": app, "expect": home_expect, "env": env}
        first_paint(**warm_spec)  # fills the cache
        got = alternate(runs_n, {"home": warm_spec, "bare": bare})
        row("Home first paint, warm", got["home"], got["bare"], "paint_ms", "ms")
        bare_paint = got["bare"]
        row("peak RSS (VmHWM)", got["home"], got["bare"], "vmhwm_kb", "KiB")

        def drop_cache(name: str) -> None:
            if name == "home":
                shutil.rmtree(cache, ignore_errors=True)

        # A cold start reads every record again (about 20 s for 200 children): three rounds.
        got = alternate(min(runs_n, 3), {"home": warm_spec, "bare": bare}, drop_cache)
        row("Home first paint, cold cache", got["home"], got["bare"], "paint_ms", "ms")
        day = iter(range(1, 1000))

        def new_day_spec(expect: list[str]) -> dict:
            argv = [
                PY,
                "-m",
                "iepcheck",
                "--today",
                (TODAY + timedelta(days=next(day))).isoformat(),
            ]
            return {"argv": argv, "expect": expect, "env": env}

        mine, base = [], []
        for _ in range(runs_n):
            mine.append(first_paint(**new_day_spec(home_expect)))
            base.append(first_paint(**bare))
        row("Home first paint, first start of a day", mine, base, "paint_ms", "ms")
        # The names come first on a new day; this is until what is due that day is shown too
        # (the caseload's heading, or for five children or fewer the first child's heading).
        dated = ["Overdue ("] if count > 5 else ["Child 000 ·"]
        mine = [first_paint(**new_day_spec(dated)) for _ in range(runs_n)]
        row("  … until the day's agenda is shown", mine, base, "paint_ms", "ms")

        # The same in Spanish (issue 28): what the catalog costs at start, against English.
        es_spec = {"argv": [*app[:3], "--lang", "es", *app[3:]], "expect": [f"Todos ({count})"]}
        es_spec["env"] = env
        first_paint(**es_spec)  # fills the Spanish snapshot (one file a language)
        got = alternate(runs_n, {"es": es_spec, "en": warm_spec})
        row("  … in Spanish (vs the same in English)", got["es"], got["en"], "paint_ms", "ms")

        lap("Home first paint")

        # 2. status over every child, warm and on a new day, against python -c pass.
        status = [PY, "-m", "iepcheck", "status", "--today", TODAY.isoformat()]
        bare_exit = {"argv": [PY, "-c", "pass"], "expect": [], "env": {}, "until_exit": True}
        first_paint(argv=status, expect=[], env=env, until_exit=True)  # fills the cache
        got = alternate(
            runs_n,
            {
                "status": {"argv": status, "expect": [], "env": env, "until_exit": True},
                "pass": bare_exit,
            },
        )
        row("status, warm (vs python -c pass)", got["status"], got["pass"], "exit_ms", "ms")
        row(
            "status, warm (vs the bare paint)",
            got["status"],
            bare_paint,
            "exit_ms",
            "ms",
            "paint_ms",
        )
        status_es = [*status[:3], "--lang", "es", *status[3:]]
        first_paint(argv=status_es, expect=[], env=env, until_exit=True)  # its text kept
        got = alternate(
            runs_n,
            {
                "es": {"argv": status_es, "expect": [], "env": env, "until_exit": True},
                "en": {"argv": status, "expect": [], "env": env, "until_exit": True},
            },
        )
        row("  … in Spanish (vs the same in English)", got["es"], got["en"], "exit_ms", "ms")
        mine = []
        for _ in range(runs_n):
            argv = [
                PY,
                "-m",
                "iepcheck",
                "status",
                "--today",
                (TODAY + timedelta(days=next(day))).isoformat(),
            ]
            mine.append(first_paint(argv=argv, expect=[], env=env, until_exit=True))
        row(
            "status, first of the day (vs the bare paint)",
            mine,
            bare_paint,
            "exit_ms",
            "ms",
            "paint_ms",
        )

        lap("status")

        # 3. Keys in one session a round (keys.py): Home, Down (Child 000, listed first), Tab (to
        #    the agenda), End (its last entry: its run of bench-000), Enter opens the run; then
        #    space ticks or unticks the first item, a few times. Beside: the bare paint, and a
        #    bare OptionList's Down.
        listed = tomllib.loads((extra / "bench-000.toml").read_text())
        section = listed["sections"][0]
        item = section["items"][0]
        steps = [
            ("", [*home_expect, *dated]),  # the day's agenda, not only the names of a new day
            ("Down", []),
            ("Tab", []),
            ("End", [listed["title"][:20], "/150 done"]),
        ]
        marked = (item["id"], item["text"][:20])  # the item and a text on its first line
        opened = ["Child 000", section["title"].upper(), marked[1]]
        presses = 2 if args.quick else 4
        bare_list = [PY, str(HERE / "bare_list.py")]
        mine, paints, moves, downs = [], [], [], []
        for _ in range(runs_n):
            mine.append(keys.tick(app, env, steps, opened, marked, progress, run_id, presses))
            paints.append(first_paint(**bare))
            moves.append(keys.cursor(bare_list, ["Bare option 000"], "Down", presses))
            # Down on Home's children list: the next child, and the agenda shows theirs.
            downs.append(keys.cursor(app, [*home_expect, *dated], "Down", presses, env))
        row("key Down on Home (vs a bare list's Down)", downs, moves, "key_ms", "ms")
        row("open a 150-item run (vs the bare paint)", mine, paints, "open_ms", "ms", "paint_ms")
        row("tick → repaint (vs the bare key press)", mine, moves, "tick_ms", "ms", "key_ms")
        row("tick → on disk (vs the bare paint)", mine, paints, "disk_ms", "ms", "paint_ms")

        lap("keys")

        # 4. One save of a big record, in-process (the store's own work, no terminal).
        if not args.quick:
            for size in (1, 15):
                rows.append((f"one save, {size} MB progress file", save_ms(work, size), [], "ms"))
            lap("saves")

        # 5. Sizes on disk: the benchmark child's file, and a family's whole data folder.
        rows.append(("benchmark child's progress file", [progress.stat().st_size / 1024], [], "KB"))
        rows.append(("data folder, 10 children", [folder_kb(work / "ten")], [], "KB"))

        # 6. A caseload of 1,000 children: Home's first paint, warm.
        if not args.quick:
            many, many_cache = work / "many", work / "many-cache"
            started = time.perf_counter()
            make_data(many, 1000, extra, 25)
            print(f"data: 1000 children in {time.perf_counter() - started:.1f} s", flush=True)
            many_env = {
                **env,
                "IEPCHECK_DATA_DIR": str(many),
                "IEPCHECK_CACHE_DIR": str(many_cache),
            }
            many_spec = {"argv": app, "expect": ["All children (1000)"], "env": many_env}
            first_paint(**many_spec)  # fills the cache
            got = alternate(runs_n, {"home": many_spec, "bare": bare})
            row(
                "Home first paint, 1,000 children, warm", got["home"], got["bare"], "paint_ms", "ms"
            )
            lap("1,000 children")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"{'measure':46} {'median':>9} {'min':>9} {'max':>9} {'baseline':>9} {'ratio':>6}")
    for label, a, b, unit in rows:
        if unit == "failed":
            print(f"{label:46} {'failed':>9}")
            continue
        med, lo, hi = stats(a)
        note = f"  ({failures[label]} failed)" if label in failures else ""
        if b:
            base_med = statistics.median(b)
            print(
                f"{label:46} {med:9.0f} {lo:9.0f} {hi:9.0f} {base_med:9.0f} {med / base_med:6.2f}"
                + note
            )
        else:
            print(f"{label:46} {med:9.0f} {lo:9.0f} {hi:9.0f} {'':>9} {'':>6}  ({unit}){note}")
    print(f"\n{time.perf_counter() - begun:.0f} s in all")
    ok = all(unit != "failed" for *_, unit in rows) and not failures
    return 0 if ok else 1


def values(results: list[dict], key: str) -> list[float]:
    """The worked runs' values (one number, or a list: one a key press)."""
    out: list[float] = []
    for r in results:
        if r.get("ok") and key in r:
            out += r[key] if isinstance(r[key], list) else [r[key]]
    return out


def folder_kb(root: Path) -> float:
    """A family's data folder as the issue measures it: 10 children, each with two PPT
    meetings (ct-ppt-prep), 504 monitoring and the guide, nothing ticked; every file in it
    (the text store and history/ included), in KB."""
    from iepcheck.clock import Clock
    from iepcheck.service import children as child_service
    from iepcheck.service import meetings, runs
    from iepcheck.service.workspace import Workspace

    ws = Workspace(root, clock=Clock(TODAY))
    for n in range(10):
        child = child_service.create(ws.store, f"Child {n}", "iep")
        for day in (TODAY + timedelta(days=12), TODAY + timedelta(days=100)):
            add = meetings.new_meeting(ws, child, day, kind="ppt", checklists=["ct-ppt-prep"])
            child, _ = ws.update(child.id, add)
        for checklist in ("ct-504-monitoring", "ct-504-or-iep"):
            child, _ = ws.update(child.id, runs.start_standing(ws, child, checklist))
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1024


def save_ms(work: Path, megabytes: int) -> list[float]:
    """Times of one tick on a child whose progress file is about ``megabytes`` MB."""
    from iepcheck.clock import Clock
    from iepcheck.records.model import Child, LogEntry
    from iepcheck.records.operations import Tick
    from iepcheck.service import children as child_service
    from iepcheck.service import runs
    from iepcheck.service.workspace import Workspace

    root = work / f"big-{megabytes}"
    ws = Workspace(root, clock=Clock(TODAY))
    child = child_service.create(ws.store, "Big", "504")
    child, _ = ws.update(child.id, runs.start_standing(ws, child, "ct-504-monitoring"))
    run = child.runs[0]
    note = "No extended time on the quiz; told the teacher. " * 4
    per = len(note) + 120
    added = datetime.now().astimezone()

    def fill(c: Child) -> None:  # years of log entries, written once
        target = c.runs[0]
        for k in range(megabytes * 1024 * 1024 // per):
            target.add_log("log-missed-weekly", LogEntry(f"l{k}", TODAY, note, added))

    ws.store.update(child.id, fill)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        ws.update(child.id, Tick(run.id, "get-signed-plan", datetime.now().astimezone()))
        times.append((time.perf_counter() - started) * 1e3)
    return times


if __name__ == "__main__":
    sys.exit(main())
