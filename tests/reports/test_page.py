"""The printable HTML pages (export and timeline): valid HTML5, self-contained, escaped, laid out
in tables a reader can follow without colour, with print rules that keep rows and charts whole."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import html5lib
import pytest

from iepcheck.clock import Clock
from iepcheck.records.model import Contact, Meeting
from iepcheck.records.record import Communication, Document
from iepcheck.reports import timeline
from iepcheck.reports.blocks import Block, Cell, Column, Line, Part
from iepcheck.reports.charts import goal_svg
from iepcheck.reports.page import to_html
from iepcheck.service.exports import export_text
from iepcheck.service.workspace import Workspace

from ..helpers import demo_copy

TODAY = date(2026, 11, 28)
D = date.fromisoformat
HOSTILE = '<script>alert(1)</script> </style> "quoted" & \x1b[2J'


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """The demo's data, made once for this module (in a folder of its own, home kept out)."""
    root = tmp_path_factory.mktemp("page")
    with pytest.MonkeyPatch.context() as mp:
        for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            mp.setenv(name, str(root / name.lower()))
        mp.setenv("HOME", str(root / "home"))
        mp.setenv("XDG_DATA_DIRS", str(root / "site"))
        demo_copy(root / "data", TODAY)
        yield Workspace(root / "data", clock=Clock(TODAY))


def pages(workspace: Workspace, child_id: str) -> dict[str, str]:
    child = workspace.store.load(child_id)
    return {
        fmt + kind: (
            export_text(workspace, child, fmt, None)
            if kind == "-export"
            else timeline.render(workspace.for_display(child), fmt, today=TODAY)
        )
        for fmt in ("html", "txt")
        for kind in ("-export", "-timeline")
    }


def parse(page: str) -> object:
    """The page as a browser reads it; any parse error (a stray or unclosed tag) fails."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def visible(page: str) -> str:
    """The page's words as a reader sees them (tags out, entities read, spaces folded)."""
    body = page.split("<body>", 1)[1]
    body = re.sub(r"<svg.*?</svg>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def self_contained(page: str) -> None:
    lowered = page.lower()
    for fetch in ("<script", "<link", "<img", "<iframe", "<object", "@import", "url(", " src="):
        assert fetch not in lowered, fetch
    for href in re.findall(r'href="([^"]*)"', page):
        assert href.startswith(("https://", "http://")), href


@pytest.mark.parametrize("child_id", ["sam-rivera", "maya-chen"])
def test_the_demos_pages_are_valid_self_contained_html5(demo: Workspace, child_id: str) -> None:
    for name, page in pages(demo, child_id).items():
        if name.startswith("html"):
            assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
            parse(page)
            self_contained(page)


def test_every_word_of_the_text_export_is_on_the_page(demo: Workspace) -> None:
    """The page is laid out differently, but says all the text says (nothing left out)."""
    for child_id in ("sam-rivera", "maya-chen"):
        made = pages(demo, child_id)
        for kind in ("-export", "-timeline"):
            seen = set(re.findall(r"\w+", visible(made["html" + kind]).lower()))
            said = set(re.findall(r"\w+", made["txt" + kind].lower()))
            assert said - seen <= {"x"}, (child_id, kind, sorted(said - seen)[:20])  # "[x]"


def test_the_header_names_child_school_plan_period_and_day(demo: Workspace) -> None:
    page = pages(demo, "maya-chen")["html-export"]
    head = page.split("<header", 1)[1].split("</header>", 1)[0]
    assert "<h1>Maya Chen</h1>" in head and "Special education record" in head
    facts = dict(re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", head))
    assert facts["School"] == "Oak Hill Middle School"
    assert facts["District"] == "Hartford Public Schools"
    assert facts["Grade"] == "7" and facts["Plan"] == "IEP"
    assert facts["Period"].endswith("to Sat 28 Nov 2026") and facts["Printed"].startswith(
        "Sat 28 Nov 2026"
    )
    # The school's people in a table of their own: role, name, email, phone.
    assert "<td>Case manager</td><td>Priya Shah</td><td>pshah@example.org</td>" in head


def _table_after(page: str, heading: str) -> str:
    return page.split(f">{heading}</h", 1)[1].split("</table>", 1)[0]


def _rows(table: str) -> list[str]:
    return [visible("<body>" + r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table)][1:]


def test_log_documents_and_meetings_are_tables(demo: Workspace) -> None:
    page = pages(demo, "maya-chen")["html-export"]
    log = _rows(_table_after(page, "Communication log"))
    assert len(log) == 12
    assert log[0].startswith("Mon 7 Sep 2026 School office phone Asked for Maya's records")
    assert log[1].endswith("✓ Answered Thu 10 Sep 2026")
    docs = _rows(_table_after(page, "Documents received"))
    assert len(docs) == 5
    # A verdict reads without colour: a symbol and the words, then the rule and its source.
    iep = next(r for r in docs if " IEP " in f" {r} ")
    assert "✗ Late by 4 school days 5 school days after the PPT; due" in iep
    assert "SPED*NET parent handbook summary" in iep
    assert "✓ On time" in docs[0] and "→ Decide by" in docs[-1]
    # The rule's source is a link to where it is written.
    assert '<a href="https://spednet.org/hb27/">SPED*NET' in page
    meetings = _rows(_table_after(page, "Meetings"))
    assert meetings[1].startswith("Tue 24 Nov 2026 Triennial review (PPT) Speech 2x30 min")
    assert "Getting ready for a PPT meeting: 36 done, 11 open (1 overdue)" in meetings[1]


def test_checklist_items_are_rows_with_state_date_and_note(demo: Workspace) -> None:
    page = pages(demo, "sam-rivera")["html-export"]
    table = _table_after(page, "Getting ready for a PPT meeting")
    assert '<tr class="group"><th colspan="4" scope="colgroup">As soon as the meeting is set' in (
        table
    )
    rows = _rows(table)
    records = next(r for r in rows if "see your child's records" in r)
    assert records.startswith("☑ Done Ask in writing")
    assert records.endswith("Note: Emailed Ms. Park; she said by Friday.")
    skipped = next(r for r in rows if r.startswith("– Not applicable"))
    assert skipped.endswith("annual review")
    assert any(r.startswith("! Overdue") and "due Wed 25 Nov 2026" in r for r in rows)
    assert any(r.startswith("☐ Open") for r in rows)
    # The key under the page says each symbol in words.
    key = page.split('<p class="key">', 1)[1].split("</p>", 1)[0]
    assert "☑ done" in key and "! overdue" in key and "– not applicable" in key


def test_the_timeline_is_one_table_in_date_order(demo: Workspace) -> None:
    page = pages(demo, "maya-chen")["html-timeline"]
    rows = _rows(_table_after(page, "In date order"))
    assert len(rows) == 60
    missed = next(r for r in rows if "Missed" in r)
    assert "✗ Missed Speech and language therapy: 60 min a week" in missed
    assert "No speech session" in missed
    assert "substitute (60 min). Told Priya Shah" in missed  # one full stop, not two
    late = next(r for r in rows if "Received the IEP" in r)
    assert "Document ✗ late Received the IEP. Late by 4 school days" in late


def test_print_rules_keep_rows_charts_and_headings_whole() -> None:
    page = to_html([Block(1, "x", kind="header", name="x")], "x")
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "@page{margin:" in style and "counter(page)" in style
    prints = style.split("@media print{", 1)[1]
    assert re.search(r"tr,figure,svg[^{]*\{break-inside:avoid", prints)
    assert re.search(r"h1,h2,h3[^{]*\{break-after:avoid", prints)
    assert "thead{display:table-header-group}" in prints


def test_every_text_is_escaped_and_links_are_only_web_addresses(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "data", clock=Clock(TODAY))
    child = ws.store.create(HOSTILE)
    child.school = child.district = child.grade = HOSTILE
    child.contacts = [Contact(HOSTILE, HOSTILE, HOSTILE, HOSTILE)]
    added = datetime(2026, 11, 2, 9, tzinfo=UTC)
    child.meetings = [Meeting("m1", D("2026-11-20"), HOSTILE, "ppt", HOSTILE, HOSTILE)]
    child.communications = [
        Communication("c1", D("2026-11-02"), HOSTILE, added, HOSTILE, "email", D("2026-11-05"))
    ]
    child.documents = [
        Document("d1", "iep", D("2026-11-30"), added, meeting="m1", note=HOSTILE, file=HOSTILE)
    ]
    export = export_text(ws, child, "html", None)
    line = timeline.render(child, "html", today=TODAY)
    for page in (export, line):
        parse(page)
        self_contained(page)
        assert "<script>" not in page and "\x1b" not in page
        assert page.count("</style>") == 1  # the name in the printed pages' footer is escaped
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # A part's address is a link only when it is a web address.
    block = Block(2, "t", [Line("r", cells=(Cell((Part("a", href="javascript:alert(1)"),)),))])
    block.columns = (Column("A"),)
    bad = to_html([block], "t")
    assert "javascript" not in bad.split("<body>")[1].replace("href", "")
    assert "<a " not in bad


def test_a_chart_on_a_line_is_a_figure_on_the_page() -> None:
    chart = goal_svg(
        12, 40, "wpm", [(D("2026-01-30"), "limited", 18), (D("2026-04-10"), "satisfactory", 26)]
    )
    block = Block(2, "Goals", [Line("Reading: 40 wpm", 1, svg=chart)])
    page = to_html([Block(1, "Sam", kind="header", name="Sam"), block], "Sam")
    parse(page)
    assert "<li>Reading: 40 wpm<figure><svg" in page
    assert "Target 40 wpm" in page


def test_each_goal_of_the_plan_has_its_chart_on_the_export_page(demo: Workspace) -> None:
    """Maya's IEP has three goals with reports: three charts, each under its goal, each titled
    with what it shows; the text export says the same reports in words."""
    child = demo.store.load("maya-chen")
    plan = child.current_plan()
    assert plan is not None and len(plan.goals) == 3
    made = pages(demo, "maya-chen")
    page = made["html-export"]
    figures = re.findall(r"<li>([^<]*)<figure>(<svg.*?</svg>)</figure></li>", page, re.S)
    assert len(figures) == len(plan.goals)
    for goal, (said, svg) in zip(plan.goals, figures, strict=True):
        assert " ".join(goal.text.split()) in html.unescape(said)
        assert re.search(r"<title>[^<]+</title>", svg)
    assert "<svg" not in made["txt-export"]
