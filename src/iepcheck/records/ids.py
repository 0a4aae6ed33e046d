"""Ids for meetings, runs, own items and entries: drawn by the caller *before* an operation.

An operation carries its ids as fields, so applying it twice (on screen, then to the file
under the lock) or replaying it from a recovery file gives the same result.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import re
import secrets
import unicodedata
from collections.abc import Iterable, Iterator

_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no l/o/0/1: easy to read aloud
_RANDOM: random.Random = secrets.SystemRandom()


@contextlib.contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Reproducible ids inside the block (sample data, screenshots)."""
    global _RANDOM
    saved, _RANDOM = _RANDOM, random.Random(seed)
    try:
        yield
    finally:
        _RANDOM = saved


def short_id(taken: Iterable[str], length: int = 4, prefix: str = "") -> str:
    """A new id not in ``taken``."""
    used = set(taken)
    while True:
        candidate = prefix + "".join(_RANDOM.choice(_ALPHABET) for _ in range(length))
        if candidate not in used:
            return candidate


def fresh_ids(taken: Iterable[str], count: int, prefix: str = "") -> list[str]:
    """``count`` distinct new ids, none in ``taken`` (for one operation that needs several)."""
    used = set(taken)
    found: list[str] = []
    for _ in range(count):
        new = short_id(used, prefix=prefix)
        used.add(new)
        found.append(new)
    return found


def derived_id(prefix: str, *parts: object) -> str:
    """An id worked out from what an entry holds (a closed range's dates, an open day), the
    same on every machine: a set's members are told apart by it when two copies merge."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return prefix + "".join(_ALPHABET[b % len(_ALPHABET)] for b in digest[:6])


def new_uid() -> str:
    """A child's uid: random, 26 characters, the same child's on every copy of its file."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(26))


def slugify(name: str) -> str:
    """A file-safe id from a name: 'Zoë O'Neil' → 'zoe-o-neil'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:40].strip("-")
    return slug or "child"
