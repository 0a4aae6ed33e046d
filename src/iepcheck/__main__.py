"""``python -m iepcheck`` and the ``iepcheck`` console script: the CLI, or the app."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import cli


def _app(args: argparse.Namespace) -> int:
    from .tui.launch import run_app  # Textual is imported only when the app opens

    return run_app(args)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, run_tui=_app)


if __name__ == "__main__":
    sys.exit(main())
