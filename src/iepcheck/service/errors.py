"""The two kinds of failure a front end shows: a mistake in what was asked, or a refusal."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..i18n import _
from ..textsafe import clean_line


class ServiceError(Exception):
    """A request that could not be done: one plain sentence (the CLI exits 1)."""


class InputError(ServiceError):
    """A mistake in the user's input (an argument, a field): the CLI exits 2."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' Did you mean x or y?' for close matches, else ''."""
    options = list(dict.fromkeys(choices))
    folded = word.casefold()
    close = [o for o in options if o.casefold().startswith(folded) and folded][:3]
    close += [
        c for c in difflib.get_close_matches(word, options, n=3, cutoff=0.6) if c not in close
    ]
    if not close:
        lowered = {c.casefold(): c for c in options}
        close = [lowered[c] for c in difflib.get_close_matches(word.casefold(), lowered, n=3)]
    if not close:
        return ""
    return " " + _("Did you mean {choices}?").format(
        choices=_(" or ").join(clean_line(c) for c in close)
    )
