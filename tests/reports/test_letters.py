"""Letters filled in from a record: the closed placeholder set, what a missing value looks like,
and every bundled letter against a checked-in text (a changed legal sentence is a visible diff).

Set ``IEPCHECK_WRITE_LETTERS=1`` to rewrite the expected texts after a reviewed content change.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from iepcheck.checklists.loader import load_bytes, load_file
from iepcheck.checklists.model import MAX_LETTER_BYTES, Checklist, Letter
from iepcheck.checklists.placeholders import parse
from iepcheck.records.letters import ParentDetails
from iepcheck.records.model import Child, Contact, ItemCopy, LogEntry, Template
from iepcheck.records.plans import Goal, GoalReport, Plan
from iepcheck.reports.letters import LetterContext, LetterTooLong, fill, letter_file, missed_list

from ..conftest import REPO
from ..helpers import at, checklist_text, meet

EXPECTED = Path(__file__).parent.parent / "data" / "letters"
D = date.fromisoformat
TODAY = D("2026-12-01")
PARENT = ParentDetails(
    "Ana Ellis", "12 Elm Street, Hartford, CT 06106", "ana@example.org", "860-555-0199"
)


def bundled() -> dict[str, Checklist]:
    found = {}
    for path in sorted((REPO / "checklists").glob("*.toml")):
        checklist = load_file(path).checklist
        assert checklist is not None
        found[checklist.id] = checklist
    return found


def record(checklists: dict[str, Checklist]) -> Child:
    """A record with everything a letter can ask for."""
    child = Child(
        "jordan", "Jordan Ellis", "iep", "Oak Hill Middle School", "Hartford Public Schools"
    )
    child.contacts = [
        Contact("Case manager", "Priya Shah"),
        Contact("504 coordinator", "Dana Brooks"),
        Contact("Special education director", "Dr. Ruth Alvarez"),
        Contact("Principal", "Tom Nguyen"),
        Contact("Teacher", "Ms. Lopez"),
    ]
    child.born, child.grade = D("2013-09-03"), "7"
    meeting = meet(child, D("2026-11-20"), "Annual review", time="3:30pm")
    meeting.notes = "Speech 2x30 min weekly continues.\nReading goal rewritten."
    for n, checklist in enumerate(checklists.values()):
        run = child.attach(Template.of(checklist, "bundled"), f"r{n}", D("2026-10-01"))
        run.meeting = meeting.id if checklist.kind == "meeting" else None
        for letter in checklist.letters:
            for piece in parse(f"{letter.subject} {letter.body}")[0]:
                if not isinstance(piece, str) and piece.name == "ticked":
                    run.tick(piece.arg, at("2026-11-10"), D("2026-11-09"))
        if checklist.item("log-missed-weekly") is not None:  # the two monitoring checklists
            run.add_log(
                "log-missed-weekly",
                LogEntry(
                    "l1",
                    D("2026-11-03"),
                    "No speech session: therapist out.",
                    at("2026-11-03"),
                    "Speech",
                    "Priya Shah",
                    D("2026-11-04"),
                ),
            )
            run.add_log(
                "log-missed-weekly",
                LogEntry(
                    "l2", D("2026-11-12"), "Test in the full class", at("2026-11-12"), "Science"
                ),
            )
            # Logged on the accommodation itself (an item the parent added): it is named.
            section = next(n for n, s in enumerate(run.sections) if s.user_items)
            own = ItemCopy("own-time", "Extended time (1.5x) on tests", own=True)
            run.add_own_item(section, own)
            run.add_log(
                "own-time",
                LogEntry(
                    "l3",
                    D("2026-11-16"),
                    "Unit test given without it",
                    at("2026-11-16"),
                    "Math",
                    until=D("2026-11-18"),
                ),
            )
    # A current IEP with one goal stuck twice (and one that is not): {flagged_goals}.
    reports = (
        GoalReport("r1", D("2026-06-12"), "limited", at("2026-06-13"), 44),
        GoalReport("r2", D("2026-11-13"), "no-progress", at("2026-11-14"), 43),
    )
    child.put_plan(
        Plan(
            "p1",
            "iep",
            "current",
            at("2026-01-12"),
            goals=(
                Goal("g1", "Reads 90 words a minute", at("2026-01-12"), "reading", reports=reports),
                Goal("g2", "Writes a paragraph", at("2026-01-12"), "writing", reports=reports[:1]),
            ),
        )
    )
    return child


def _cases() -> list[tuple[str, str]]:
    return [(c.id, x.id) for c in bundled().values() for x in c.letters]


@pytest.mark.parametrize("cid, lid", _cases(), ids=[f"{c}/{x}" for c, x in _cases()])
def test_every_bundled_letter_fills_in_completely_and_as_checked_in(cid: str, lid: str) -> None:
    checklists = bundled()
    child = record(checklists)
    run = next(r for r in child.runs if r.checklist == cid)
    meeting = child.meetings[0]
    letter = checklists[cid].letter(lid)
    assert letter is not None
    filled = fill(letter, LetterContext(child, PARENT, TODAY, meeting, run))
    assert filled.missing == ()
    assert "{" not in filled.text and "fill in —" not in filled.text
    expected = EXPECTED / f"{cid}__{lid}.txt"
    if os.environ.get("IEPCHECK_WRITE_LETTERS"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(filled.text)
    assert filled.text == expected.read_text(), f"{expected.name} differs: review the change"


def test_no_expected_text_is_left_over() -> None:
    names = {f"{c}__{x}.txt" for c, x in _cases()}
    assert {p.name for p in EXPECTED.glob("*.txt")} == names


def _letter(body: str, subject: str = "") -> Letter:
    return Letter("x", "X", subject, body)


def _ctx(child: Child | None = None, **kw: object) -> LetterContext:
    child = child or Child("sam", "Sam Rivera", "504", "Elm Street Elementary")
    return LetterContext(child, kw.pop("parent", PARENT), TODAY, **kw)  # type: ignore[arg-type]


def test_a_missing_value_is_visible_and_listed() -> None:
    filled = fill(_letter("{district} / {contact:principal} / {grade} / {meeting_date}"), _ctx())
    assert filled.body == (
        "[district — fill in] / [principal — fill in] / [grade — fill in] / "
        "[meeting date — fill in]"
    )
    assert filled.missing == ("district", "principal", "grade", "meeting date")


def test_values_are_cleaned_and_never_interpreted() -> None:
    child = Child("sam", "Sam\x1b[31m {school} [bold]R[/]", "504", "{{child_name}}")
    filled = fill(_letter("Dear {child_name} of {school}. {{literal}} {today}"), _ctx(child))
    # The name's escape is replaced, its braces and markup stay as typed: nothing is filled
    # twice, nothing is markup.
    assert filled.body == (
        "Dear Sam\ufffd[31m {school} [bold]R[/] of {{child_name}}. {literal} December 1, 2026"
    )


@pytest.mark.parametrize(
    "text",
    ["{child.__class__}", "{0}", "${x}", "{child_name!r}", "{child_name:>10}", "{ }", "{"],
)
def test_hostile_placeholders_are_refused_and_stay_literal(text: str) -> None:
    pieces, errors = parse(text)
    assert errors, text
    assert "".join(p for p in pieces if isinstance(p, str)).endswith(text[-1])
    assert fill(_letter(text), _ctx()).body == text


def test_contacts_by_role_and_dates_of_ticks() -> None:
    checklist = load_bytes(checklist_text("ct-x", items=[("asked", "Ask")]).encode(), "x").checklist
    assert checklist is not None
    child = Child("sam", "Sam", "504", contacts=[Contact("PRINCIPAL ", "Tom Nguyen")])
    run = child.attach(Template.of(checklist, "user"), "r1", D("2026-11-01"))
    letter = _letter("{contact:Principal}: my request of {ticked:asked}")
    assert (
        fill(letter, _ctx(child, run=run)).body
        == "Tom Nguyen: my request of [date of asked — fill in]"
    )
    run.tick("asked", at("2026-11-20"), D("2026-11-18"))
    assert fill(letter, _ctx(child, run=run)).body == "Tom Nguyen: my request of November 18, 2026"


def test_a_teacher_is_chosen_by_the_subject_where_something_was_missed() -> None:
    checklists = bundled()
    child = record(checklists)
    child.contacts = [
        Contact("Teacher", "Ms. Reed", subject="English", id="p1"),
        Contact("Teacher", "Mr. Diaz", subject="math", id="p2"),
        Contact("Teacher", "Dr. Kim", subject="Science", id="p3"),
    ]
    run = next(r for r in child.runs if r.checklist == "ct-504-monitoring")
    letter = _letter("Dear {contact:teacher},")
    # The latest entry with a class was in Math (November 16): its teacher, not the first one.
    assert fill(letter, _ctx(child, run=run)).body == "Dear Mr. Diaz,"
    run.add_log(
        "log-missed-weekly",
        LogEntry("l9", D("2026-11-20"), "No notes given", at("2026-11-20"), " science "),
    )
    assert fill(letter, _ctx(child, run=run)).body == "Dear Dr. Kim,"
    # A class no teacher teaches: the latest one some teacher does.
    run.add_log("log-missed-weekly", LogEntry("l10", D("2026-11-24"), "x", at("2026-11-24"), "Gym"))
    assert fill(letter, _ctx(child, run=run)).body == "Dear Dr. Kim,"
    # No teacher of any class logged: the first teacher, as before.
    child.contacts = [child.contacts[0], Contact("Teacher", "Mr. Diaz", subject="Art", id="p2")]
    assert fill(letter, _ctx(child, run=run)).body == "Dear Ms. Reed,"
    # A letter with no monitoring log (another child's): the first teacher.
    other = Child("sam", "Sam", "504", contacts=list(child.contacts))
    assert fill(letter, _ctx(other)).body == "Dear Ms. Reed,"
    # Another role is never chosen by subject.
    child.contacts.insert(0, Contact("Principal", "Tom Nguyen", subject="Science", id="p0"))
    assert fill(_letter("{contact:principal|teacher}"), _ctx(child, run=run)).body == "Tom Nguyen"


def test_a_childs_parent_details_stand_alone_when_they_name_someone() -> None:
    other = ParentDetails("Wei Chen", email="wei@example.org")
    assert other.over(PARENT) == other  # never signed with the profile's phone
    same = ParentDetails(email="ana@school.example.org")
    assert same.over(PARENT) == ParentDetails(
        PARENT.name, PARENT.address, "ana@school.example.org", PARENT.phone
    )


def test_missed_list_is_the_letters_own_monitoring_run_in_date_order() -> None:
    checklists = bundled()
    child = record(checklists)
    run = next(r for r in child.runs if r.checklist == "ct-504-monitoring")
    text = missed_list(child, run)
    assert text.splitlines() == [
        "- November 3, 2026: No speech session: therapist out (Speech). I told Priya Shah on "
        "November 4, 2026.",
        "- November 12, 2026: Test in the full class (Science)",
        # Logged on the accommodation itself: the letter names it.
        "- November 16, 2026: Extended time (1.5x) on tests (Math, through November 18, 2026) "
        "— Unit test given without it",
    ]


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_letter_files_escape_what_they_must(fmt: str) -> None:
    text = letter_file("Re: <b>Sam</b> *now*", "Dear <script>x</script>,\n\n# not a heading", fmt)
    if fmt == "html":
        assert "<script>" not in text and "&lt;script&gt;" in text
        assert text.startswith("<!DOCTYPE html>") and "http" not in text
    elif fmt == "md":
        assert "\\# not a heading" in text and "\\<script>" in text
    else:
        assert text.startswith("Subject: Re: <b>Sam</b> *now*\n\nDear <script>x</script>,")


# -- conditional paragraphs and the role fallback -------------------------------------------------

GRAMMAR = (
    checklist_text(items=[("ask", "Ask")])
    + '''
[[letters]]
id = "referral"
title = "Referral"
body = """
Dear {contact:special education director|principal},

I am referring   my child
for an evaluation.

Sincerely,
Ana
"""

[[letters.paragraphs]]
when = "plan:504"
after = "I am referring my child"
text = "{child_first_name} has a 504 plan."

[[letters.paragraphs]]
when = "Plan:IEP"
after = "I am referring"
text = "{child_first_name} has an IEP."

[[letters.paragraphs]]
when = "meeting"
after = "Dear"
text = """
Before the meeting on {meeting_date}:
please read this.
"""

[[letters.paragraphs]]
when = "plan:504"
after = "I am referring"
text = "Please keep the 504 plan in place."

[[letters.paragraphs]]
when = "contact:case manager"
after = "I am referring"
text = "I am copying {contact:case manager}."
'''
)


def _grammar_letter() -> Letter:
    checklist = load_bytes(GRAMMAR.encode(), "g.toml", strict=True).checklist
    assert checklist is not None
    letter = checklist.letter("referral")
    assert letter is not None
    return letter


def test_conditional_paragraphs_are_read_as_plain_data() -> None:
    letter = _grammar_letter()
    assert [(p.when, p.after, p.anchor) for p in letter.paragraphs] == [
        ("plan:504", 1, "I am referring my child"),
        ("plan:iep", 1, "I am referring"),
        ("meeting", 0, "Dear"),
        ("plan:504", 1, "I am referring"),
        ("contact:case manager", 1, "I am referring"),
    ]
    assert letter.paragraphs[2].text == "Before the meeting on {meeting_date}:\nplease read this."


@pytest.mark.parametrize("plan", ["iep", "504", "none"])
def test_a_paragraph_is_used_only_when_its_condition_holds(plan: str) -> None:
    letter = _grammar_letter()
    child = Child("sam", "Sam Rivera", plan, contacts=[Contact("Principal", "Tom Nguyen")])
    body = fill(letter, _ctx(child)).body
    # No paragraph holds for a child without a plan: the body alone, exactly as written.
    expected = {
        "none": letter.body,
        "iep": letter.body.replace("evaluation.\n", "evaluation.\n\nSam has an IEP.\n"),
        "504": letter.body.replace(
            "evaluation.\n",
            "evaluation.\n\nSam has a 504 plan.\n\nPlease keep the 504 plan in place.\n",
        ),
    }[plan].replace("{contact:special education director|principal}", "Tom Nguyen")
    assert body == expected


def test_meeting_and_contact_conditions_and_several_paragraphs_in_file_order() -> None:
    letter = _grammar_letter()
    child = Child("sam", "Sam Rivera", "504", contacts=[Contact("case manager", "Priya Shah")])
    meeting = meet(child, D("2026-12-10"), "Annual review")
    body = fill(letter, _ctx(child, meeting=meeting)).body
    assert body.split("\n\n") == [
        "Dear [special education director or principal — fill in],",
        "Before the meeting on December 10, 2026:\nplease read this.",
        "I am referring   my child\nfor an evaluation.",
        "Sam has a 504 plan.",
        "Please keep the 504 plan in place.",
        "I am copying Priya Shah.",
        "Sincerely,\nAna",
    ]


def test_the_role_fallback_takes_the_first_role_the_record_has() -> None:
    letter = _letter("Dear {contact:case manager | 504 coordinator|principal},")
    both = Child(
        "sam",
        "Sam",
        contacts=[
            Contact("Principal", "Tom Nguyen"),
            Contact("504 coordinator", ""),  # a role without a name is not a contact to write to
            Contact("504  Coordinator", "Dana Brooks"),
            Contact("504 coordinator", "Second Person"),
        ],
    )
    assert fill(letter, _ctx(both)).body == "Dear Dana Brooks,"
    both.contacts.insert(0, Contact("Case manager", "Priya Shah"))
    assert fill(letter, _ctx(both)).body == "Dear Priya Shah,"
    none = fill(letter, _ctx(Child("sam", "Sam")))
    assert none.body == "Dear [case manager or 504 coordinator or principal — fill in],"
    assert none.missing == ("case manager or 504 coordinator or principal",)


# -- the size of a filled letter ----------------------------------------------------------------


def _logged(entries: int, text: str = "Test taken in the full class, not in a small room") -> Child:
    """A 504 child whose monitoring run logs ``entries`` missed accommodations."""
    checklists = bundled()
    child = Child("sam", "Sam Rivera", "504", "Elm Street Elementary")
    run = child.attach(Template.of(checklists["ct-504-monitoring"], "bundled"), "r1", TODAY)
    for n in range(entries):
        day = date.fromordinal(D("2026-09-01").toordinal() + n % 90)
        run.add_log(
            "log-missed-weekly",
            LogEntry(f"l{n}", day, f"{text} ({n})", at("2026-11-01"), "Science", "Ms. Lopez"),
        )
    return child


def test_a_letter_over_the_limit_is_refused_while_it_is_filled_not_after() -> None:
    import tracemalloc

    child = _logged(400)  # a log of ~45 KB
    run = child.runs[0]
    # A letter built around the validator (the bomb of the hardening round): 1,530 copies.
    bomb = _letter("{missed_list}\n" * 1530)
    tracemalloc.start()
    try:
        with pytest.raises(LetterTooLong) as caught:
            fill(bomb, _ctx(child, run=run))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value) == (
        "the letter would be longer than 256 KiB, the most a letter may be, once "
        "{missed_list} is filled in from the record: shorten the letter, or send part of "
        "what it lists in another"
    )
    # Filled in whole, the letter would be ~70 MB: it stopped as soon as it passed 256 KiB.
    assert peak < 8 * MAX_LETTER_BYTES, peak


def test_a_long_list_alone_is_refused_while_it_is_listed() -> None:
    child = _logged(6000)  # ~560 KB of log
    with pytest.raises(LetterTooLong):
        missed_list(child, child.runs[0], limit=MAX_LETTER_BYTES)
    # Up to the limit, a letter fills in: a 200-entry log twice (the bundled grievance's
    # list is used once) is well under it.
    child = _logged(200)
    letter = _letter("{missed_list}\n\n{missed_list}")
    filled = fill(letter, _ctx(child, run=child.runs[0]))
    assert filled.body.count("\n- ") == 399
    assert len(filled.text.encode()) <= MAX_LETTER_BYTES


def test_the_limit_counts_bytes_of_the_whole_letter() -> None:
    child = Child("sam", "Sam Rivera", "504", "\u00e9" * 1000)  # 2 bytes a character
    assert len(fill(_letter("{school}" * 131), _ctx(child)).text.encode()) <= MAX_LETTER_BYTES
    with pytest.raises(LetterTooLong, match=r"once \{school\} is filled in"):
        fill(_letter("{school}" * 132), _ctx(child))
    with pytest.raises(LetterTooLong):
        fill(_letter("{school}" * 70, subject="{school}" * 70), _ctx(child))


def test_agreed_is_the_notes_and_the_pads_lines_without_their_times() -> None:
    from iepcheck.records.model import NoteLine

    child = Child("sam", "Sam Rivera", "iep")
    meeting = meet(child, D("2026-11-20"), "Annual review", notes="Speech continues.")
    letter = _letter("We agreed:\n{agreed}")
    assert fill(letter, _ctx(child, meeting=meeting)).body == "We agreed:\nSpeech continues."
    meeting.add_line(NoteLine("n2", at("2026-11-20", 16), "Data sent monthly"))
    meeting.add_line(NoteLine("n1", at("2026-11-20", 15), "Reading goal rewritten"))
    assert fill(letter, _ctx(child, meeting=meeting)).body == (
        "We agreed:\nSpeech continues.\nReading goal rewritten\nData sent monthly"
    )
    meeting.notes = ""  # the pad alone
    assert fill(letter, _ctx(child, meeting=meeting)).body == (
        "We agreed:\nReading goal rewritten\nData sent monthly"
    )
