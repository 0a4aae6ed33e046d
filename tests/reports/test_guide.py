"""The "504 or IEP?" guide concludes in words, with next steps, and never as a determination."""

from __future__ import annotations

from datetime import date

import pytest

from iepcheck.calendar.schooldays import SchoolCalendar
from iepcheck.checklists.loader import load_file
from iepcheck.records.model import Child
from iepcheck.records.schedule import summarize
from iepcheck.reports.guide import CAVEAT, conclude

from ..conftest import REPO
from ..helpers import at, attach

GUIDE = load_file(REPO / "checklists" / "ct-504-or-iep.toml").checklist
TODAY = date(2026, 11, 28)


def concluded(plan: str, ticked: list[str]):
    child = Child("sam", "Sam", plan)
    run = attach(child, GUIDE, TODAY)
    for item in ticked:
        run.tick(item, at("2026-11-20"))
    return conclude(summarize(run, child, SchoolCalendar(), TODAY), plan)


def test_nothing_ticked_says_what_to_do() -> None:
    found = concluded("504", [])
    assert found.lean == "none" and [s.action for s in found.steps] == ["tick-signs"]


def test_leans_iep_names_the_signs_and_offers_the_switch_for_a_504_child() -> None:
    found = concluded(
        "504", ["behind-despite-accommodations", "needs-modified-content", "near-grade-level"]
    )
    assert found.lean == "IEP"
    assert found.headline == "Leans IEP: 2 IEP signs, 1 504 sign"
    assert "Your child is significantly behind peers despite accommodations" in found.reason
    assert [s.action for s in found.steps] == ["start-switch", "add-ppt", "read-warnings"]
    # A child with no plan yet: the first step is a written referral (ct-first-referral).
    assert [s.action for s in concluded("none", ["needs-modified-content"]).steps] == [
        "start-referral",
        "read-warnings",
    ]
    assert [s.action for s in concluded("iep", ["needs-modified-content"]).steps] == [
        "add-ppt",
        "read-warnings",
    ]


@pytest.mark.parametrize("plan, first", [("none", "add-504"), ("iep", "add-ppt")])
def test_leans_504_offers_a_meeting(plan: str, first: str) -> None:
    found = concluded(plan, ["barrier-is-environment"])
    assert found.lean == "504" and found.steps[0].action == first


def test_mixed_says_weigh_first() -> None:
    found = concluded("504", ["barrier-is-environment", "needs-modified-content"])
    assert found.lean == "mixed" and found.steps[0].action == "read-warnings"
    assert "IEP signs:" in found.reason and "504 signs:" in found.reason


def test_never_sounds_like_a_determination() -> None:
    words = " ".join(
        f"{c.headline} {c.reason} {' '.join(s.text for s in c.steps)}"
        for c in (
            concluded("504", ["needs-modified-content"]),
            concluded("none", ["barrier-is-environment"]),
            concluded("iep", ["barrier-is-environment", "needs-modified-content"]),
        )
    ).lower()
    for claim in ("eligible", "qualifies", "must have", "is entitled", "should get an iep"):
        assert claim not in words
    assert "not a decision" in CAVEAT
