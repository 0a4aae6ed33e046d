"""An unexpected error in the app: a sentence and a non-zero exit, never a traceback with locals.

Textual's own crash output is a traceback with every local variable (``show_locals=True``),
which printed a child's record into the terminal. These tests make the app fail on purpose.
"""

from __future__ import annotations

import os
import signal
import sys
import textwrap
from pathlib import Path

import pytest

from iepcheck.tui.launch import exit_code

from .conftest import SIZE, make_app
from .test_signals import read_until, wait_exit

SECRET = "DIAGNOSIS-OF-SAM-7731"


def test_exit_code_is_textuals_after_a_crash_else_the_apps() -> None:
    assert exit_code(1, None) == 1  # crashed
    assert exit_code(0, 143) == 143  # SIGTERM: the app exited with 128 + 15
    assert exit_code(0, None) == 0 and exit_code(None, None) == 0


async def test_an_error_in_a_screen_is_a_sentence_and_nothing_textual_would_print(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IEPCHECK_CACHE_DIR", str(tmp_path / "cache"))
    app = make_app(demo_dir)

    def broken() -> None:
        record = {"name": "Sam Rivera", "note": SECRET}  # a local, as a screen's would be
        raise LookupError(f"no such thing ({len(record)})")

    with pytest.raises(LookupError):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.call_later(broken)
            await pilot.pause()
    assert app.return_code == 1
    assert not app._exit_renderables  # Textual prints these on exit: nothing of ours
    (said,) = app.exit_messages
    assert said.startswith("the app stopped on an unexpected error (LookupError: no such thing")
    assert SECRET not in said
    (kept,) = (tmp_path / "cache" / "crashes").iterdir()
    assert f"technical details for a bug report are in {kept}" in said
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    text = kept.read_text()
    assert "LookupError: no such thing (2)" in text and "in broken" in text
    assert SECRET not in text


@pytest.mark.slow
def test_a_crash_in_a_real_terminal_exits_non_zero_with_a_sentence(
    data_dir: Path, tmp_path: Path
) -> None:
    import pty

    script = textwrap.dedent(
        f"""
        import sys
        from iepcheck.__main__ import main
        from iepcheck.tui.app import IepApp

        def painted(self):
            child = {{"name": "Sam Rivera", "note": {SECRET!r}}}
            raise ValueError("the view could not be made")

        IepApp.painted = painted
        sys.exit(main(["--data-dir", {str(data_dir)!r}, "--today", "2026-11-28"]))
        """
    )
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
        "IEPCHECK_CACHE_DIR": str(tmp_path / "cache"),
    }
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(sys.executable, [sys.executable, "-c", script], env)
    try:
        seen = read_until(fd, b"the app stopped", timeout=30)
        try:  # the rest, until the terminal closes
            while chunk := os.read(fd, 65536):
                seen += chunk
        except OSError:
            pass
        status = wait_exit(pid, timeout=20)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1
    shown = seen.decode("utf-8", "replace")
    assert "the app stopped on an unexpected error (ValueError: the view could not be made)" in (
        " ".join(shown.split())
    )
    assert SECRET not in shown and "Traceback" not in shown and "locals" not in shown
