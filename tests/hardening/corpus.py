"""The hostile corpus: one checklist file per attack, each with the outcome it must produce.

Built into a folder by :func:`build` (big files are generated, not checked in). ``expect`` is
"valid" or a piece of the first error message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HEAD = 'format = 1\nid = "{id}"\nversion = 1\ntitle = "{title}"\nkind = "meeting"\n'
ITEM = '[[sections]]\ntitle = "S"\n[[sections.items]]\nid = "a"\ntext = "{text}"\n'
MARKUP = [
    "[@click=app.quit]x[/]",
    "[ @click=app.quit ]y",
    "[link=https://evil.example]z[/link]",
    "[$accent]w[/]",
    "[/x] stray",
    "[bold",
]
PAYLOADS = {  # terminal sequences, written as TOML escapes so the file itself is clean
    "csi": "\\u001b[2J",
    "osc-title": "\\u001b]0;pwned\\u0007",
    "osc8": "\\u001b]8;;https://evil.example\\u001b\\\\link\\u001b]8;;\\u001b\\\\",
    "c1-csi": "\\u009b31m",
    "bidi": "\\u202eevil\\u202c",
    "zero-width": "a\\u200bb",
    "lrm": "x\\u200ey",
}


@dataclass(frozen=True)
class Case:
    name: str
    expect: str  # "valid", or a piece of the error message


def _checklist(cid: str, title: str = "T", text: str = "Do it") -> str:
    return HEAD.format(id=cid, title=title) + ITEM.format(text=text)


def build(folder: Path) -> list[Case]:
    """Write every attack into ``folder``; returns the cases with their expected outcome."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def put(name: str, data: bytes | str, expect: str) -> None:
        (folder / name).write_bytes(data.encode() if isinstance(data, str) else data)
        cases.append(Case(name, expect))

    for n, markup in enumerate(MARKUP):  # markup is shown literally, so these are valid
        text = markup.replace('"', '\\"')
        put(f"markup-{n}.toml", _checklist(f"markup-{n}", text, text), "valid")
    for label, escape in PAYLOADS.items():
        put(
            f"escaped-{label}.toml",
            _checklist(f"escaped-{label}", "T", escape),
            "control character",
        )
    put("raw-esc.toml", _checklist("raw-esc", "T", "a\x1b[31mb"), "control character")
    put("raw-c1.toml", _checklist("raw-c1", "T", "a\u009bb"), "control character")
    put("raw-bidi.toml", _checklist("raw-bidi", "T", "a\u202eb"), "control character")
    put("bom-crlf.toml", ("\ufeff" + _checklist("bom-crlf")).replace("\n", "\r\n"), "valid")
    put("bad-utf8.toml", _checklist("bad-utf8").encode() + b"# \xff\xfe\n", "not UTF-8")
    put("utf16.toml", _checklist("utf16").encode("utf-16"), "not UTF-8")
    put("big-300k.toml", _checklist("big") + "# " + "x" * 300 * 1024 + "\n", "at most 256 KiB")
    put("big-5m.toml", b"# " + b"y" * 5 * 1024 * 1024, "at most 256 KiB")
    put("deep.toml", "x = " + "[" * 10000 + "]" * 10000 + "\n", "nested too deeply")
    put("dup-key.toml", _checklist("dup-key") + 'id = "again"\n', "not valid TOML")
    put(
        "dup-item.toml",
        _checklist("dup-item") + '[[sections.items]]\nid = "a"\ntext = "B"\n',
        "used twice",
    )
    put(
        "huge-number.toml",
        _checklist("huge").replace("version = 1", "version = 99999999999999999999"),
        "from 1 to 1000000",
    )
    put("path-id.toml", _checklist("../../etc/passwd"), "may only use lowercase")
    items = "".join(
        f'[[sections.items]]\nid = "i{k}"\ntext = "T"\n'
        + (f'due = "1 days after i{k - 1}"\n' if k else "")
        for k in range(3500)
    )
    put(
        "chain-3500.toml",
        HEAD.format(id="chain", title="C") + '[[sections]]\ntitle = "S"\n' + items,
        "valid",
    )
    # The expansion bomb: a 20 KB letter repeating a list 1,530 times (141 MB filled in).
    put(
        "letter-bomb.toml",
        _checklist("letter-bomb").replace('text = "Do it"', 'text = "Do it"\nletter = "x"')
        + '[[letters]]\nid = "x"\ntitle = "X"\nbody = """\n'
        + "{missed_list}" * 1530
        + '\n"""\n',
        "'{missed_list}' is used 1,530 times in this letter",
    )
    os.symlink(folder / "loop.toml", folder / "loop.toml")
    cases.append(Case("loop.toml", "cannot be opened"))
    os.symlink("/dev/zero", folder / "zero.toml")
    cases.append(Case("zero.toml", "not a regular file"))
    os.symlink(folder / "nowhere", folder / "dangling.toml")
    cases.append(Case("dangling.toml", "no such file"))
    os.mkfifo(folder / "fifo.toml")
    cases.append(Case("fifo.toml", "not a regular file"))
    (folder / "dir.toml").mkdir()
    cases.append(Case("dir.toml", "a folder"))
    return cases
