"""The progress file's TOML writer: whatever it writes, tomllib reads back the same."""

from __future__ import annotations

import os
import tomllib
from datetime import date, datetime, time, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from iepcheck.records import tomlwrite

keys = st.text(min_size=1, max_size=12)
scalars = (
    st.text(max_size=30)
    | st.integers(-(2**63), 2**63 - 1)
    | st.booleans()
    | st.dates(date(1900, 1, 1), date(2200, 12, 31))
    | st.datetimes(datetime(1900, 1, 2), datetime(2200, 12, 30)).map(
        lambda d: d.replace(microsecond=0, tzinfo=timezone(timedelta(hours=-5)))
    )
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=int(os.environ.get("IEPCHECK_HYPOTHESIS", "100")), deadline=None)
@given(st.dictionaries(keys, values, max_size=6))
def test_random_documents_round_trip(doc: dict) -> None:
    assert tomllib.loads(tomlwrite.dumps(doc)) == doc


def test_unsafe_characters_are_escapes_in_the_file_and_kept_in_the_value() -> None:
    text = 'a\x1b[31m b\u202e c\u200b d\ufeff e\x9b f\n g\t h"\\'
    written = tomlwrite.dumps({"note": text, "odd key\x07": 1})
    assert all(ch not in written for ch in "\x1b\u202e\u200b\ufeff\x9b\x07")
    assert tomllib.loads(written) == {"note": text, "odd key\x07": 1}


def test_tables_and_arrays_of_tables_nest_under_their_element() -> None:
    doc = {
        "format": 2,
        "runs": [
            {"id": "r1", "items": {"a": {"state": "done", "log": [{"day": date(2026, 1, 2)}]}}},
            {"items": {"b c": {"note": "x"}}},
        ],
        "empty": {},
        "when": time(9, 30),
    }
    assert tomllib.loads(tomlwrite.dumps(doc)) == doc
