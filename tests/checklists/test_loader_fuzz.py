"""The loader only ever returns problems: random bytes, random TOML, the TOML test corpus."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iepcheck.checklists.loader import LoadResult, load_bytes

from ..conftest import REPO

pytestmark = pytest.mark.slow  # fuzzing: seconds each

CORPUS = REPO.parent / "shared" / "toml-test"


def check(result: LoadResult) -> None:
    assert isinstance(result, LoadResult)
    for problem in result.problems:
        assert problem.line >= 1 and problem.col >= 1
        assert problem.message and "\x1b" not in problem.message
    if result.checklist is None:
        assert result.errors, "a file that did not load must say why"


@settings(max_examples=int(os.environ.get("IEPCHECK_HYPOTHESIS", "100")), deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    check(load_bytes(data, "random.toml"))


scalars = (
    st.text(max_size=30)
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.booleans()
    | st.floats(allow_nan=False)
    | st.dates()
    | st.sampled_from(["IEP", "504", "weekly", "3 school days before", "at the meeting"])
)
keys = st.sampled_from(
    [
        "format",
        "id",
        "version",
        "title",
        "kind",
        "text",
        "due",
        "repeat",
        "leans",
        "sources",
        "url",
        "items",
        "sections",
        "user_items",
        "details",
        "reviewed",
        "x",
    ]
) | st.text(min_size=1, max_size=8)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)


@settings(
    max_examples=int(os.environ.get("IEPCHECK_HYPOTHESIS", "66")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.dictionaries(keys, values, max_size=8))
def test_random_toml_documents(doc: dict) -> None:
    try:
        text = tomlkit.dumps(doc)
    except Exception:  # tomlkit cannot write every value (e.g. mixed arrays): not our code
        return
    check(load_bytes(text.encode("utf-8", "surrogatepass"), "doc.toml"))


item = st.fixed_dictionaries(
    {"id": st.from_regex(r"[a-z0-9-]{1,10}", fullmatch=True), "text": st.text(max_size=20)},
    optional={
        "due": st.text(max_size=25) | st.sampled_from(["2 weeks after x", "1 day before"]),
        "repeat": st.text(max_size=12),
        "leans": values,
        "sources": values,
    },
)


@settings(
    max_examples=int(os.environ.get("IEPCHECK_HYPOTHESIS", "66")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.sampled_from(["meeting", "ongoing", "process", "guide", "x"]),
    st.lists(st.lists(item, max_size=4), min_size=0, max_size=3),
)
def test_random_checklist_shaped_documents(kind: str, sections: list) -> None:
    doc = {
        "format": 1,
        "id": "fuzz",
        "version": 1,
        "title": "F",
        "kind": kind,
        "reviewed": dt.date(2026, 1, 1),
        "sections": [{"title": f"S{i}", "items": items} for i, items in enumerate(sections)],
    }
    try:
        text = tomlkit.dumps(doc)
    except Exception:
        return
    check(load_bytes(text.encode("utf-8", "surrogatepass"), "doc.toml"))


def corpus_files() -> list[str]:
    listing = CORPUS / "files-toml-1.0.0"
    if not listing.exists():
        return []
    return [
        line.strip() for line in listing.read_text().splitlines() if line.strip().endswith(".toml")
    ]


@pytest.mark.skipif(not corpus_files(), reason="../shared/toml-test is not beside the project")
def test_toml_test_corpus() -> None:
    invalid = valid = 0
    for name in corpus_files():
        data = (CORPUS / name).read_bytes()
        result = load_bytes(data, name)
        check(result)
        if name.startswith("invalid/"):
            invalid += 1
            assert result.checklist is None, name
            assert result.errors, name
            assert all(p.line >= 1 and p.col >= 1 for p in result.errors), name
        else:
            valid += 1
            # Valid TOML, but not a checklist: it loads or says which rule it breaks.
            assert result.checklist is not None or result.errors, name
    assert invalid > 100 and valid > 100
