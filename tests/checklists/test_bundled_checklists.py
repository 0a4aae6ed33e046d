"""The bundled Connecticut checklists: valid, sourced, and shaped as the app needs them."""

from __future__ import annotations

import re

import pytest

from iepcheck.checklists.loader import load_file
from iepcheck.checklists.model import Checklist

from ..conftest import REPO

FOLDER = REPO / "checklists"
EXPECTED = {
    "ct-ppt-prep": "meeting",
    "ct-504-monitoring": "ongoing",
    "ct-504-to-iep": "process",
    "ct-iep-to-504": "process",
    "ct-504-or-iep": "guide",
    "ct-504-meeting-prep": "meeting",
    "ct-iep-monitoring": "ongoing",
    "ct-first-referral": "process",
    "ct-discipline": "process",
    "ct-disputes": "process",
    "ct-transition": "ongoing",
    "ct-moving": "process",
    "ct-restraint-seclusion": "ongoing",
}


def load_all() -> dict[str, Checklist]:
    found = {}
    for path in sorted(FOLDER.glob("*.toml")):
        result = load_file(path, strict=True)
        assert result.problems == (), [str(p) for p in result.problems]
        assert result.checklist is not None
        assert path.stem == result.checklist.id, "file names follow ids"
        found[result.checklist.id] = result.checklist
    return found


@pytest.fixture(scope="module")
def bundled() -> dict[str, Checklist]:
    return load_all()


def test_the_bundled_files_with_their_kinds(bundled: dict[str, Checklist]) -> None:
    assert {cid: c.kind for cid, c in bundled.items()} == EXPECTED


@pytest.mark.parametrize("cid", EXPECTED)
def test_reviewed_summary_and_unique_ids(bundled: dict[str, Checklist], cid: str) -> None:
    checklist = bundled[cid]
    assert checklist.reviewed is not None and checklist.summary
    ids = [item.id for item in checklist.items()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("cid", EXPECTED)
def test_every_dated_item_is_sourced_or_says_advice(
    bundled: dict[str, Checklist], cid: str
) -> None:
    checklist = bundled[cid]
    for item in checklist.items():
        if item.due is None:
            continue
        assert item.sources or checklist.sources, f"{item.id}: a due date with no source"
        if item.due.anchor == "meeting" and item.due.amount == 0:
            continue  # "at the meeting" is not a lead time
        if item.due.unit == "school days" and item.sources:
            continue  # a rule's deadline, with the rule's source
        assert "advice" in item.details or item.sources, f"{item.id}: lead time not marked"
        if not item.sources:
            assert "advice" in item.details, f"{item.id}: say the lead time is advice"


def test_school_day_deadlines_cite_their_rule(bundled: dict[str, Checklist]) -> None:
    for checklist in bundled.values():
        for item in checklist.items():
            if item.due and item.due.unit == "school days" and "advice" not in item.details:
                assert item.sources, f"{checklist.id}/{item.id}"


def test_ppt_prep_has_the_sections_and_items(bundled: dict[str, Checklist]) -> None:
    prep = bundled["ct-ppt-prep"]
    titles = [s.title for s in prep.sections]
    assert titles == [
        "As soon as the meeting is set",
        "The week before",
        "At the meeting",
        "At the meeting: the IEP itself",
        "After the meeting",
    ]
    assert len(prep.items()) >= 20
    dues = {item.id: item.due.describe() for item in prep.items() if item.due}
    assert dues["check-notice"] == "5 school days before"
    assert dues["check-iep-copy"] == "5 school days after"
    assert dues["check-initial-eval-results"] == "3 school days before"
    for needed in ("dont-sign", "ask-sdi", "if-504-ask-iep", "send-follow-up", "ask-for-records"):
        assert prep.item(needed) is not None


def test_504_monitoring_has_user_items_and_repeats(bundled: dict[str, Checklist]) -> None:
    monitoring = bundled["ct-504-monitoring"]
    own = [s for s in monitoring.sections if s.user_items]
    assert own and own[0].repeat is not None
    assert any(item.repeat for item in monitoring.items())
    ocr = monitoring.item("ocr-complaint")
    assert ocr is not None and ocr.due is not None
    assert ocr.due.describe() == "180 days after first-missed-logged"


def test_504_to_iep_timeline_counts_from_the_request(bundled: dict[str, Checklist]) -> None:
    item = bundled["ct-504-to-iep"].item("evaluation-timeline")
    assert item is not None and item.due is not None
    assert (item.due.anchor, item.due.amount, item.due.unit, item.due.item) == (
        "item",
        45,
        "school days",
        "send-evaluation-request",
    )
    assert "consent" in item.details  # DOMAIN.md's caveat about consent time


def test_guide_leans_both_ways(bundled: dict[str, Checklist]) -> None:
    leans = [item.leans for item in bundled["ct-504-or-iep"].items()]
    assert leans.count("IEP") >= 4 and leans.count("504") >= 4


def test_no_claim_that_hb_7219_passed(bundled: dict[str, Checklist]) -> None:
    # DOMAIN.md: whether H.B. 7219 passed is unconfirmed; no checklist may say it did.
    for path in FOLDER.glob("*.toml"):
        assert "7219" not in path.read_text()


def _texts(checklist: Checklist) -> list[tuple[str, str]]:
    return [(item.id, f"{item.text} {item.details}") for item in checklist.items()]


def test_no_item_says_related_services_need_an_iep(bundled: dict[str, Checklist]) -> None:
    # 34 CFR 104.33(b)(1): a 504 plan can include related services (DOMAIN, changed 2026-11-29).
    import re

    claims = re.compile(
        r"(related services?|counseling|speech|\bOT\b)[^.]{0,60}\b(only|need|needs|require|"
        r"requires)\b[^.]{0,30}\bIEP\b|\bonly (an|with an|through an) IEP\b[^.]{0,60}"
        r"(related service|counseling|speech|OT)|504 plans? (brings?|gives?|has) "
        r"accommodations only",
        re.IGNORECASE,
    )
    for checklist in bundled.values():
        for item_id, text in _texts(checklist):
            assert not claims.search(text), f"{checklist.id}/{item_id}: {text}"


def test_no_item_says_not_signing_stops_a_change(bundled: dict[str, Checklist]) -> None:
    # In Connecticut a change takes effect 10 school days after the PWN; only a due process
    # filing keeps the current IEP (DOMAIN, changed 2026-11-29).
    import re

    claims = re.compile(
        r"(not sign(ing)?|refus\w* to sign|without your signature)[^.]{0,60}"
        r"\b(stops?|prevents?|blocks?|keeps?)\b(?![^.]{0,40}\bnot\b)",
        re.IGNORECASE,
    )
    for checklist in bundled.values():
        for item_id, text in _texts(checklist):
            for sentence in re.split(r"(?<=[.;:])\s+", text):
                if claims.search(sentence) and "does not" not in sentence:
                    raise AssertionError(f"{checklist.id}/{item_id}: {sentence}")


def test_the_change_date_counts_from_the_notice_received(bundled: dict[str, Checklist]) -> None:
    for cid in ("ct-ppt-prep", "ct-iep-to-504"):
        checklist = bundled[cid]
        received = checklist.item("received-pwn")
        decide = checklist.item("decide-due-process")
        assert received is not None and "done on" in received.details
        assert decide is not None and decide.due is not None
        assert decide.due.describe() == "10 school days after received-pwn"
        assert "not signing" in decide.details.lower()


RULE_CITED = re.compile(r"\b(RCSA|CGS|CFR|Public Act|P\.A\.)\s*[\d-]")
PROMISES = re.compile(
    r"\bguarantee|\b(must|will|shall) (give|provide|award) you compensatory|"
    r"\bentitled to compensatory|\byou will win\b|\bwill be found eligible\b",
    re.IGNORECASE,
)


def test_an_item_that_cites_a_rule_carries_its_source(bundled: dict[str, Checklist]) -> None:
    for checklist in bundled.values():
        for item in checklist.items():
            if RULE_CITED.search(f"{item.text} {item.details}"):
                assert item.sources, f"{checklist.id}/{item.id} cites a rule with no source"
        for letter in checklist.letters:
            if RULE_CITED.search(f"{letter.subject} {letter.body}"):
                assert letter.sources, f"{checklist.id}/{letter.id} cites a rule with no source"


def test_nothing_promises_an_outcome(bundled: dict[str, Checklist]) -> None:
    for checklist in bundled.values():
        texts = [(i.id, f"{i.text} {i.details}") for i in checklist.items()]
        texts += [(x.id, f"{x.subject} {x.body}") for x in checklist.letters]
        for what, text in texts:
            found = PROMISES.search(text)
            assert found is None, f"{checklist.id}/{what}: {found.group()!r}"


def test_the_rule_check_finds_what_it_looks_for() -> None:
    # The two checks above must be able to fail.
    assert RULE_CITED.search("under 34 CFR 300.502 you may ask")
    assert RULE_CITED.search("RCSA 10-76d-18 says")
    assert PROMISES.search("The district must give you compensatory services.")
    assert PROMISES.search("This guarantees a hearing")
    assert not PROMISES.search("decided case by case, not an automatic hour-for-hour right")


def test_every_letter_an_item_names_exists(bundled: dict[str, Checklist]) -> None:
    refs = {f"{c.id}/{x.id}" for c in bundled.values() for x in c.letters}
    assert len(refs) >= 10
    linked = set()
    for checklist in bundled.values():
        for item in checklist.items():
            if item.letter:
                assert item.letter in refs, f"{checklist.id}/{item.id}: {item.letter}"
                linked.add(item.letter)
    assert linked == refs  # no letter is unreachable from an item


def test_age_anchored_items_and_the_removal_tally(bundled: dict[str, Checklist]) -> None:
    transition = [i.due.describe() for i in bundled["ct-transition"].items() if i.due]
    assert "at age 14" in transition
    moving = [i.due.describe() for i in bundled["ct-moving"].items() if i.due]
    assert "90 days before age 3" in moving
    tallies = [i for i in bundled["ct-discipline"].items() if i.tally]
    assert [(i.tally, i.tally_alert) for i in tallies] == [("school-days-this-year", 10)]
    incidents = [i for i in bundled["ct-restraint-seclusion"].items() if i.tally]
    assert [(i.id, i.tally) for i in incidents] == [("log-incidents", "incidents-this-year")]
