"""``python -m iepcheck`` and the ``iepcheck`` console script: the CLI, or the app."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence

from . import cli


def _app(args: argparse.Namespace) -> int:
    from .tui.launch import run_app  # Textual is imported only when the app opens

    return run_app(args)


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up allocates hundreds of thousands of objects (modules, styles, the first
    # screen) and none of them is garbage: a cyclic collection then only walks them, again
    # and again. Collections resume once the app has painted (IepApp.painted) or before a
    # command runs (cli.main), with what start-up made frozen out of their way.
    gc.disable()
    try:
        return cli.main(argv, run_tui=_app)
    finally:  # as it was (what matters when main() is called in-process, as tests do)
        gc.unfreeze()
        gc.enable()


if __name__ == "__main__":
    sys.exit(main())
