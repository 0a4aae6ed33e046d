"""Starting the app from the command line (``iepcheck`` and ``iepcheck --demo``)."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from .. import locations


def run_app(args: argparse.Namespace) -> int:
    extra = [Path(p) for p in args.checklists]
    if args.demo:
        with tempfile.TemporaryDirectory(prefix="iepcheck-demo-") as tmp:
            data_dir = Path(tmp) / "data"
            os.environ["IEPCHECK_CACHE_DIR"] = str(Path(tmp) / "cache")
            from ..demo import make_demo

            make_demo(data_dir, args.today)
            return _run(data_dir, extra, args, demo=True)
    return _run(locations.data_dir(args.data_dir), extra, args, demo=False)


def _run(data_dir: Path, extra: list[Path], args: argparse.Namespace, *, demo: bool) -> int:
    from .app import IepApp

    app = IepApp(data_dir, extra, args.today, demo=demo)
    result = app.run()
    return int(result or 0) if isinstance(result, int) else 0
