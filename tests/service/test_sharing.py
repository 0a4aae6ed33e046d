"""The record travels and survives: backups and restores, a child handed over and received,
two machines through a sync folder, two guardians for a month."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest

from iepcheck.__main__ import main
from iepcheck.records.store import Store

from ..helpers import LONG


def cli(capsys: pytest.CaptureFixture[str], data: Path, *argv: str, device: str = "") -> str:
    import os

    before = os.environ.get("IEPCHECK_DEVICE")
    if device:
        os.environ["IEPCHECK_DEVICE"] = device
    try:
        code = main([*argv, "--data-dir", str(data), "--today", "2026-11-20"])
    finally:
        if device:
            if before is None:
                os.environ.pop("IEPCHECK_DEVICE", None)
            else:
                os.environ["IEPCHECK_DEVICE"] = before
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file()
        and not p.name.startswith(".")
        and p.relative_to(folder).parts[0] in ("children", "texts", "checklists", "profile.toml")
    }


@pytest.fixture
def family(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "a"
    cli(capsys, data, "child", "add", "Maya Chen", "--plan", "iep")
    cli(capsys, data, "meeting", "add", "maya-chen", "2026-12-10", "--title", "Annual review")
    cli(capsys, data, "start", "maya-chen", "ct-iep-monitoring")
    cli(capsys, data, "tick", "maya-chen", "ct-ppt-prep/ask-for-records", "--note", "emailed")
    cli(capsys, data, "log", "add", "maya-chen", "Asked for the draft IEP", "--via", "email")
    cli(capsys, data, "doc", "add", "maya-chen", "iep", "--received", "2026-11-19")
    cli(capsys, data, "child", "closed", "maya-chen", "2026-12-24..2027-01-01")
    cli(capsys, data, "profile", "set", "name=Wei Chen", "email=wei@example.org")
    return data


def test_a_backup_restored_into_an_empty_folder_is_the_same_record(
    family: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = cli(capsys, family, "backup")
    assert "read back and checked" in out and "not encrypted" in out
    (made,) = (family / "backups").glob("iepcheck-backup-*.tar.gz")
    assert made.stat().st_mode & 0o777 == 0o600
    other = tmp_path / "b"
    out = cli(capsys, other, "restore", str(made))
    assert "added maya-chen" in out
    assert _files(other) == _files(family)
    assert cli(capsys, other, "status", "--json") == cli(capsys, family, "status", "--json")


def test_an_encrypted_backup_needs_its_passphrase(
    family: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "pw"
    secret.write_text("correct horse\n")
    cli(capsys, family, "backup", "-o", str(tmp_path / "b.tgz"), "--passphrase-file", str(secret))
    assert (tmp_path / "b.tgz").read_bytes().startswith(b"age-encryption.org/v1\n")
    wrong = tmp_path / "wrong"
    wrong.write_text("battery staple\n")
    code = main(
        [
            "restore",
            str(tmp_path / "b.tgz"),
            "--passphrase-file",
            str(wrong),
            "--data-dir",
            str(tmp_path / "c"),
        ]
    )
    assert code == 1 and "wrong passphrase" in capsys.readouterr().err
    assert not (tmp_path / "c" / "children").exists()
    cli(
        capsys, tmp_path / "c", "restore", str(tmp_path / "b.tgz"), "--passphrase-file", str(secret)
    )
    assert _files(tmp_path / "c") == _files(family)


def _tar(members: list[tuple[tarfile.TarInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for info, data in members:
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if info.isfile() else None)
    return buffer.getvalue()


def _member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    return info


HOSTILE = {
    "dot-dot": [(_member("children/../../evil.toml"), b"x")],
    "absolute": [(_member("/tmp/evil.toml"), b"x")],
    "outside": [(_member("bin/evil"), b"x")],
    "symlink": [(_member("children/x.toml", tarfile.SYMTYPE, "/etc/passwd"), b"")],
    "hardlink": [(_member("children/x.toml", tarfile.LNKTYPE, "profile.toml"), b"")],
    "device": [(_member("children/x.toml", tarfile.CHRTYPE), b"")],
    "folder": [(_member("children", tarfile.DIRTYPE), b"")],
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_backup_is_refused_naming_the_member_and_nothing_is_written(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "evil.tar.gz"
    path.write_bytes(_tar(HOSTILE[case]))
    target = tmp_path / "d"
    code = main(["restore", str(path), "--data-dir", str(target)])
    err = capsys.readouterr().err
    assert code == 1 and "the member" in err and "Traceback" not in err
    assert not (target / "children").exists() or not any((target / "children").iterdir())
    assert not (tmp_path / "evil.toml").exists()


@pytest.mark.parametrize(
    "data, said",
    [
        (b"not a backup", "not an iepcheck backup"),
        (b"\x1f\x8b\x08\x00damaged", "is damaged"),
        (b"age-encryption.org/v1\n-> scrypt x\n", "--passphrase-file"),
    ],
)
def test_a_file_that_is_not_a_backup_gets_a_sentence(
    data: bytes, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.tar.gz"
    path.write_bytes(data)
    code = main(["restore", str(path), "--data-dir", str(tmp_path / "d")])
    err = capsys.readouterr().err
    assert code in (1, 2) and said in err and "Traceback" not in err


def test_a_shared_record_is_received_and_merged_back(
    family: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    share = tmp_path / "maya.share"
    out = cli(capsys, family, "child", "share", "maya-chen", "-o", str(share))
    assert "not encrypted" in out and "not your profile" in out
    assert b"wei@example.org" not in share.read_bytes()  # never the sender's profile
    other = tmp_path / "advocate"
    assert "added maya-chen" in cli(capsys, other, "child", "receive", str(share))
    cli(capsys, other, "log", "add", "maya-chen", "Called the case manager", device="adv")
    back = tmp_path / "back.share"
    cli(capsys, other, "child", "share", "maya-chen", "-o", str(back))
    assert "merged" in cli(capsys, family, "child", "receive", str(back))
    texts = {c.text for c in Store(family).load("maya-chen").communications}
    assert texts == {"Asked for the draft IEP", "Called the case manager"}


def test_a_share_to_an_age_key_opens_only_with_that_key(
    family: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    (tmp_path / "key.txt").write_text(f"# created: test\n{identity}\n")
    share = tmp_path / "maya.age"
    cli(
        capsys,
        family,
        "child",
        "share",
        "maya-chen",
        "-o",
        str(share),
        "--recipient",
        str(identity.to_public()),
    )
    assert share.read_bytes().startswith(b"age-encryption.org/v1\n")
    other = tmp_path / "b"
    out = cli(
        capsys, other, "child", "receive", str(share), "--identity", str(tmp_path / "key.txt")
    )
    assert "added maya-chen" in out


def test_a_share_with_a_changed_text_is_refused(
    family: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    share = tmp_path / "maya.share"
    cli(capsys, family, "child", "share", "maya-chen", "-o", str(share))
    share.write_text(share.read_text().replace("Ask for", "Demand", 1))
    code = main(["child", "receive", str(share), "--data-dir", str(tmp_path / "b")])
    err = capsys.readouterr().err
    assert code == 1 and "does not match its name" in err
    assert not (tmp_path / "b" / "children").exists()


SYNC_COPIES = [
    "maya-chen (conflicted copy 2026-12-03).toml",
    "maya-chen (Wei's conflicted copy 2026-12-03).toml",
    "maya-chen.sync-conflict-20261203-101500-ABCDEFG.toml",
    "maya-chen-LAPTOP.toml",
    "maya-chen-laptop.toml",
]


@pytest.mark.parametrize("name", SYNC_COPIES)
def test_a_sync_tools_conflict_copy_is_merged_and_set_aside(
    name: str, family: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = tmp_path / "laptop"
    shutil.copytree(family, laptop)
    cli(capsys, family, "log", "add", "maya-chen", "From the desktop", device="desk")
    cli(capsys, laptop, "log", "add", "maya-chen", "From the laptop", device="lap")
    cli(capsys, laptop, "meeting", "remove", "maya-chen", "2026-12-10", "--yes", device="lap")
    shutil.copy(laptop / "children" / "maya-chen.toml", family / "children" / name)
    status = json.loads(cli(capsys, family, "status", "--json"))
    assert [c["id"] for c in status["children"]] == ["maya-chen"]
    assert not (family / "children" / name).exists()
    assert any(p.name.endswith(name) for p in (family / "trash").iterdir())
    child = Store(family).load("maya-chen")
    assert {c.text for c in child.communications} >= {"From the desktop", "From the laptop"}
    assert child.meetings == []  # removed on the laptop, after every change to it


def test_a_second_child_of_the_same_name_is_not_a_conflict_copy(
    family: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(capsys, family, "child", "add", "Maya Chen 2")
    status = json.loads(cli(capsys, family, "status", "--json"))
    assert sorted(c["id"] for c in status["children"]) == ["maya-chen", "maya-chen-2"]


def test_history_keeps_the_day_before_and_brings_it_back(
    family: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = cli(capsys, family, "child", "history", "maya-chen")
    (line,) = out.splitlines()
    day = line.split()[0]
    cli(capsys, family, "child", "rename", "maya-chen", "Maya C.")
    out = cli(capsys, family, "child", "history", "maya-chen", "--restore", day)
    assert "is back as it was" in out
    assert Store(family).load("maya-chen").name == "Maya Chen"
    assert any("before-history" in p.name for p in (family / "trash").iterdir())


def test_two_guardians_for_a_month_end_with_the_same_record_missing_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two homes, each with its own data folder, exchanging shared files three times each way
    while both keep the record (12 days; a month with IEPCHECK_LONG=1): every entry either
    made is there, the removed meeting is gone."""
    a, b = tmp_path / "mom", tmp_path / "dad"
    cli(capsys, a, "child", "add", "Sam Rivera", "--plan", "504", device="mom")
    cli(capsys, a, "meeting", "add", "sam-rivera", "2026-12-10", "--title", "PPT", device="mom")
    cli(capsys, a, "start", "sam-rivera", "ct-504-monitoring", device="mom")
    first = tmp_path / "first.share"
    cli(capsys, a, "child", "share", "sam-rivera", "-o", str(first), device="mom")
    cli(capsys, b, "child", "receive", str(first), device="dad")
    items = ["get-signed-plan", "know-coordinator", "get-grievance-procedure", "list-contacts"]
    entered: dict[str, set[str]] = {"log": set(), "docs": set(), "notes": set()}
    exchanges = 0
    days = 30 if LONG else 12  # a month with IEPCHECK_LONG=1
    step = days // 3  # three exchanges each way, the meeting removed before the first
    for day in range(1, days + 1):
        for home, who in ((a, "mom"), (b, "dad")):
            text = f"{who} day {day}"
            cli(capsys, home, "log", "add", "sam-rivera", text, device=who)
            entered["log"].add(text)
            if day % 5 == 0:
                cli(
                    capsys,
                    home,
                    "doc",
                    "add",
                    "sam-rivera",
                    "other",
                    "--received",
                    "2026-11-19",
                    "--note",
                    text,
                    device=who,
                )
                entered["docs"].add(text)
            item = items[(day + (0 if who == "mom" else 2)) % len(items)]
            cli(
                capsys,
                home,
                "tick",
                "sam-rivera",
                f"ct-504-monitoring/{item}",
                "--note",
                text,
                device=who,
            )
        if day == step - 1:
            cli(capsys, b, "meeting", "remove", "sam-rivera", "2026-12-10", "--yes", device="dad")
        if day in (step, 2 * step, 3 * step):
            for src, dst, who in ((a, b, "dad"), (b, a, "mom")):
                share = tmp_path / f"day{day}-{who}.share"
                cli(capsys, src, "child", "share", "sam-rivera", "-o", str(share), device=who)
                cli(capsys, dst, "child", "receive", str(share), device=who)
                exchanges += 1
    assert exchanges == 6
    mom, dad = Store(a).load("sam-rivera"), Store(b).load("sam-rivera")
    assert mom == dad
    assert cli(capsys, a, "status", "--json") == cli(capsys, b, "status", "--json")
    assert {c.text for c in mom.communications} == entered["log"]
    assert {d.note for d in mom.documents} == entered["docs"]
    assert mom.meetings == []  # removed before the first exchange, never changed: stays removed
    run = mom.standing_run("ct-504-monitoring")
    assert run is not None and all(run.state(i).state == "done" for i in items)
