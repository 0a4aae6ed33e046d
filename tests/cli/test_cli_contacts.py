"""A child's contacts at the school from the shell: any number of each role, each by its id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iepcheck.__main__ import main
from iepcheck.service import details
from iepcheck.service.workspace import Workspace

TODAY = ["--today", "2026-12-01"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, *TODAY])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sam(capsys: pytest.CaptureFixture[str], data_dir: Path) -> str:
    return run(capsys, "child", "add", "Sam Rivera", "--plan", "iep")[1].strip()


def _contacts(capsys: pytest.CaptureFixture[str], child: str) -> list[dict[str, str]]:
    code, out, _ = run(capsys, "child", "contact", "list", child, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["child"] == child
    return list(data["contacts"])


def test_three_teachers_and_a_case_manager(
    capsys: pytest.CaptureFixture[str], sam: str, data_dir: Path
) -> None:
    ids = []
    for name, subject in (("Ms. Reed", "ELA"), ("Mr. Diaz", "Math"), ("Dr. Kim", "Science")):
        code, out, err = run(
            capsys, "child", "contact", "add", sam, "teacher", name, "--subject", subject
        )
        assert code == 0, err
        ids.append(out.strip())
    code, out, _ = run(
        capsys,
        "child",
        "contact",
        "add",
        sam,
        "Case_Manager",
        "Priya Shah",
        "--email",
        "pshah@school.example.org",
        "--phone",
        "860-555-0100",
        "--note",
        "best after 3pm",
    )
    ids.append(out.strip())
    assert code == 0 and len(set(ids)) == 4 and all(i.startswith("p") for i in ids)
    listed = _contacts(capsys, sam)
    assert [c["id"] for c in listed] == ids
    assert listed[2] == {
        "id": ids[2],
        "role": "Teacher",
        "name": "Dr. Kim",
        "subject": "Science",
        "email": "",
        "phone": "",
        "note": "",
    }
    assert listed[3]["role"] == "Case manager" and listed[3]["note"] == "best after 3pm"
    text = run(capsys, "child", "contact", "list", sam)[1].splitlines()
    assert text[1] == f"{ids[1]}  Teacher (Math): Mr. Diaz"
    assert text[3] == (
        f"{ids[3]}  Case manager: Priya Shah  pshah@school.example.org, 860-555-0100"
        "  — best after 3pm"
    )
    # child set teacher=… cannot tell which teacher: it refuses, naming them and the command.
    code, _, err = run(capsys, "child", "set", sam, "teacher=Someone")
    assert code != 0 and ids[0] in err and "Mr. Diaz" in err and "child contact edit" in err
    # The one case manager: child set still edits it.
    assert run(capsys, "child", "set", sam, "case_manager=Priya Shah-Ortiz")[0] == 0
    after = _contacts(capsys, sam)[3]
    assert after["name"] == "Priya Shah-Ortiz" and after["email"] == "pshah@school.example.org"
    # The new keys are in the child's file (format 3), empty ones left out.
    saved = (data_dir / "children" / f"{sam}.toml").read_text()
    assert 'subject = "Science"' in saved and 'note = "best after 3pm"' in saved
    assert 'subject = ""' not in saved


def test_edit_changes_only_the_fields_given(capsys: pytest.CaptureFixture[str], sam: str) -> None:
    cid = run(capsys, "child", "contact", "add", sam, "teacher", "Dr. Kim", "--subject", "Science")[
        1
    ].strip()
    code, out, _ = run(capsys, "child", "contact", "edit", sam, cid, "--email", "kim@x.org")
    assert code == 0 and out.strip() == f"changed contact {cid}"
    (kim,) = _contacts(capsys, sam)
    assert (kim["name"], kim["subject"], kim["email"]) == ("Dr. Kim", "Science", "kim@x.org")
    code, out, _ = run(capsys, "child", "contact", "edit", sam, cid, "--email", "kim@x.org")
    assert code == 0 and "already says that" in out
    # An empty value clears a field; the role is checked like on add.
    assert (
        run(capsys, "child", "contact", "edit", sam, cid, "--subject", "", "--role", "principal")[0]
        == 0
    )
    (kim,) = _contacts(capsys, sam)
    assert (kim["role"], kim["subject"], kim["email"]) == ("Principal", "", "kim@x.org")
    code, _, err = run(capsys, "child", "contact", "edit", sam, cid, "--name", "")
    assert code != 0 and "remove the contact instead" in err


def test_an_edit_keeps_another_sessions_change_to_another_field(
    capsys: pytest.CaptureFixture[str], sam: str, data_dir: Path
) -> None:
    cid = run(capsys, "child", "contact", "add", sam, "teacher", "Dr. Kim")[1].strip()
    workspace = Workspace(data_dir)
    seen = workspace.find(sam)  # what one session showed
    op = details.edit_contact(seen, cid, phone="860-555-0101")
    assert op is not None
    # Meanwhile another session sets the subject.
    assert run(capsys, "child", "contact", "edit", sam, cid, "--subject", "Science")[0] == 0
    workspace.update(sam, op)
    (kim,) = _contacts(capsys, sam)
    assert (kim["subject"], kim["phone"]) == ("Science", "860-555-0101")


def test_refusals_are_sentences(capsys: pytest.CaptureFixture[str], sam: str) -> None:
    code, _, err = run(capsys, "child", "contact", "add", sam, "janitor", "Bob")
    assert code != 0 and "'janitor' is not a role" in err and "case manager" in err
    code, _, err = run(capsys, "child", "contact", "add", sam, "teacher", "Bob\x1b[31m")
    assert code != 0 and "control character" in err
    code, _, err = run(capsys, "child", "contact", "add", sam, "teacher", "  ")
    assert code != 0 and "needs a name" in err
    code, _, err = run(capsys, "child", "contact", "add", sam, "teacher", "x" * 301)
    assert code != 0 and "longer than" in err
    cid = run(capsys, "child", "contact", "add", sam, "teacher", "Dr. Kim")[1].strip()
    code, _, err = run(capsys, "child", "contact", "edit", sam, "nope", "--name", "X")
    assert code != 0 and "no contact 'nope'" in err and cid in err
    code, _, err = run(capsys, "child", "contact", "remove", sam, cid)
    assert code != 0 and "--yes" in err and len(_contacts(capsys, sam)) == 1
    code, out, _ = run(capsys, "child", "contact", "remove", sam, cid, "--yes")
    assert code == 0 and "Dr. Kim" in out and _contacts(capsys, sam) == []
    assert "No contacts for" in run(capsys, "child", "contact", "list", sam)[1]
    assert "Traceback" not in err
