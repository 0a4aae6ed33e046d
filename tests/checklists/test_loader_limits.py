"""What is refused before parsing: size, encoding, what is not a regular file, deep nesting."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from iepcheck.checklists.loader import MAX_BYTES, load_bytes, load_file

VALID = (
    'format = 1\nid = "pad"\nversion = 1\ntitle = "Pad"\nkind = "meeting"\n'
    '[[sections]]\ntitle = "S"\n[[sections.items]]\nid = "a"\ntext = "A"\n'
)


def padded(size: int) -> bytes:
    body = VALID.encode()
    filler = size - len(body) - 2
    return body + b"#" + b"x" * filler + b"\n"


def test_exactly_256_kib_loads(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(padded(MAX_BYTES))
    assert path.stat().st_size == MAX_BYTES
    assert load_file(path).ok


def test_one_byte_more_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(padded(MAX_BYTES + 1))
    (problem,) = load_file(path).problems
    assert (problem.line, problem.col, problem.severity) == (1, 1, "error")
    assert "may be at most 256 KiB" in problem.message


def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    (problem,) = load_file(path).problems
    assert "not a regular file" in problem.message


@pytest.mark.parametrize("target", ["/dev/null", "/dev/zero"])
def test_device_is_refused(target: str) -> None:
    (problem,) = load_file(target).problems
    assert "not a regular file" in problem.message


def test_folder_and_missing_file(tmp_path: Path) -> None:
    assert "folder" in load_file(tmp_path).problems[0].message
    assert "no such file" in load_file(tmp_path / "nope.toml").problems[0].message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.toml"
    path.write_text(VALID)
    path.chmod(0)
    assert "permission denied" in load_file(path).problems[0].message


@pytest.mark.parametrize("opener", ["[", "{ a = "])
def test_deep_nesting_is_a_clear_error(opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    text = "x = " + opener * 5000 + "1" + closer * 5000 + "\n"
    (problem,) = load_bytes(text.encode(), "deep.toml").problems
    assert problem.severity == "error"
    assert problem.line == 1 and problem.col > 1
    assert "nested too deeply" in problem.message or "not valid TOML" in problem.message


def test_symlink_to_regular_file_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_text(VALID)
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    assert load_file(link).ok
