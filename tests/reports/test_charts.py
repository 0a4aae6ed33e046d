"""A goal's chart: what it draws, that it reads without colour, and that any input is safe."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from iepcheck.reports.charts import STATUSES, goal_svg, marker, number_text, with_unit

NS = "{http://www.w3.org/2000/svg}"
D = date.fromisoformat


def _tree(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    assert root.tag == f"{NS}svg"
    return root


def _texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{NS}text")]


def _line_ys(root: ET.Element) -> list[float]:
    (line,) = root.iter(f"{NS}polyline")
    return [float(p.split(",")[1]) for p in line.attrib["points"].split()]


READING = [
    (D("2026-01-30"), "limited", 18.0),
    (D("2025-11-14"), "limited", 15.0),  # out of order: drawn by date
    (D("2026-04-10"), "satisfactory", 26.0),
    (D("2026-06-12"), "satisfactory", 31.0),
]


def test_values_against_labelled_baseline_and_target() -> None:
    root = _tree(goal_svg(12, 40, "wpm", READING))
    texts = _texts(root)
    assert "Baseline 12 wpm" in texts and "Target 40 wpm" in texts
    # The reports, oldest first: each value written by its point, each date and status under it.
    assert [t for t in texts if t in {"15", "18", "26", "31"}] == ["15", "18", "26", "31"]
    assert "14 Nov 2025" in texts and "12 Jun 2026" in texts
    assert texts.count("Limited") == 2 and texts.count("Satisfactory") == 2
    # The legend names each status shown in the manual's words, once.
    assert texts.count("Limited/Minimal Progress") == 1
    assert texts.count("Satisfactory Progress") == 1 and "Mastered" not in texts
    ys = _line_ys(root)
    assert ys == sorted(ys, reverse=True) and len(ys) == 4  # rising values: the line goes up
    # The two labelled lines are dashed differently (not told apart by colour).
    dashes = {e.attrib.get("stroke-dasharray") for e in root.iter(f"{NS}line")} - {None}
    assert len(dashes) == 2
    title = root.find(f"{NS}title")
    assert title is not None and title.text is not None
    assert "baseline 12 wpm, target 40 wpm" in title.text
    assert "14 Nov 2025: Limited/Minimal Progress, 15 wpm" in title.text


def test_a_long_unit_is_named_once_above_the_chart() -> None:
    texts = _texts(_tree(goal_svg(12, 40, "words correct per minute", READING)))
    assert texts[0] == "words correct per minute"
    assert "Baseline 12" in texts and "Target 40" in texts


def test_statuses_only_are_levels_in_the_manuals_order() -> None:
    reports = [
        (D("2026-06-12"), "mastered", None),
        (D("2025-11-14"), "not-introduced", None),
        (D("2026-01-30"), "No Progress to Date", None),  # the manual's words work too
        (D("2026-04-10"), "satisfactory", None),
    ]
    root = _tree(goal_svg(12, 40, "wpm", reports))
    texts = _texts(root)
    # Every level is written at the side, in the manual's words and order (lowest first).
    assert texts[1:7] == [words for _, words, _ in STATUSES]
    ys = _line_ys(root)
    assert ys == sorted(ys, reverse=True) and len(set(ys)) == 4  # each report a level higher
    assert "Status in each progress report (baseline 12 wpm, target 40 wpm" in texts[0]


def test_a_report_without_a_value_is_shown_apart_not_on_the_line() -> None:
    reports = [
        (D("2025-11-14"), "no-progress", 40.0),
        (D("2026-01-30"), "limited", None),
        (D("2026-04-10"), "limited", 45.0),
    ]
    root = _tree(goal_svg(40, 80, "%", reports))
    texts = _texts(root)
    assert "no value" in texts and "Target 80%" in texts and "Baseline 40%" in texts
    assert len(_line_ys(root)) == 2  # the line joins the measured reports only


def test_no_reports_yet() -> None:
    root = _tree(goal_svg(12, 40, "wpm", []))
    assert _texts(root) == ["No progress reports yet.", "Baseline 12 wpm · Target 40 wpm"]
    assert _tree(goal_svg(None, None, "", [])) is not None


def test_each_status_has_its_own_marker_in_black_and_white() -> None:
    def on_paper(markup: str) -> str:  # what a black-and-white print keeps: shape, light or dark
        markup = re.sub(r'stroke="[^"]*"', "", markup)
        return re.sub(
            r'fill="([^"]*)"', lambda m: "light" if m[1] in ("#fff", "none") else "dark", markup
        )

    assert len({on_paper(marker(key, 10, 10)) for key, _, _ in STATUSES}) == len(STATUSES)


def test_hostile_text_and_numbers_are_safe() -> None:
    svg = goal_svg(
        float("nan"),
        float("inf"),
        '<script>alert(1)</script>&"\x1b[2J',
        [(D("2026-01-30"), "<b>odd</b>", float("-inf")), (D("2026-02-27"), "limited", 1e300)],
    )
    assert "<script>" not in svg and "<b>" not in svg and "\x1b" not in svg
    texts = _texts(_tree(svg))
    assert "<b>odd</b>" in texts  # an unknown status is shown as written, as text
    assert "No progress reports yet." not in texts  # the reports are there, without values


def test_numbers_as_people_write_them() -> None:
    assert [number_text(v) for v in (12.0, 12.5, 1 / 3, 2e7, 1e-5)] == [
        "12",
        "12.5",
        "0.33",
        "20000000",
        "1e-05",
    ]
    assert with_unit(40, "%") == "40%" and with_unit(40, "wpm") == "40 wpm"


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(st.none(), st.floats()),
    st.one_of(st.none(), st.floats()),
    st.text(max_size=40),
    st.lists(
        st.tuples(
            st.dates(),
            st.one_of(st.sampled_from([k for k, _, _ in STATUSES]), st.text(max_size=20)),
            st.one_of(st.none(), st.floats()),
        ),
        max_size=30,
    ),
)
def test_any_input_makes_one_well_formed_chart(
    baseline: float | None,
    target: float | None,
    unit: str,
    reports: list[tuple[date, str, float | None]],
) -> None:
    root = _tree(goal_svg(baseline, target, unit, reports))
    width, height = (float(root.attrib[k]) for k in ("width", "height"))
    assert width == 640 and 40 <= height <= 420
