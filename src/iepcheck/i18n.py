"""The words iepcheck writes, in the user's language: gettext catalogs built with Babel.

Every sentence a user reads goes through :func:`_` (or :func:`ngettext` for a count); text
kept in a module-level constant is marked with :func:`N_` and translated where it is shown,
so a language chosen after import (the app's settings, a test) still applies. JSON output,
``validate``'s ``error``/``warning`` tokens and file formats stay English.

The language is ``--lang`` over the profile's ``language`` over the locale (``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as gettext reads them); English otherwise. ``qps`` is
a pseudo-locale for tests: every translated string wrapped and lengthened, so a string that
bypasses the catalog, or a layout that cannot take longer words, shows.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

DOMAIN = "iepcheck"
LANGUAGES = ("en", "es")  # what --lang and the profile's `language` accept
PSEUDO = "qps"
LOCALE_DIR = Path(__file__).parent / "locale"
ENV_KEYS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    """``message`` in the current language."""
    return _translations.gettext(message)


def N_(message: str) -> str:  # gettext's own name for it
    """Marks ``message`` for the catalog without translating it (translate where shown)."""
    return message


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, where the same English word means two things
    ("Open": a state, or what Enter does)."""
    return _translations.pgettext(context, message)


def NP_(context: str, message: str) -> str:  # gettext's own name for it
    """Marks ``message`` with its context for the catalog (translate with :func:`pgettext`)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted phrase for ``n``, in the current language."""
    return _translations.ngettext(singular, plural, n)


def language() -> str:
    """The language in use: 'en', 'es' (or the pseudo-locale in tests)."""
    return _language


def set_language(code: str) -> None:
    """Use ``code``'s catalog from now on ('en' needs none)."""
    global _translations, _language
    if code == PSEUDO:
        _translations = _Pseudo()
    elif code == "en":
        _translations = gettext.NullTranslations()
    else:
        _translations = gettext.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=[code], fallback=True
        )
    _language = code
    _teach_argparse()


def from_environment(environ: Mapping[str, str]) -> str | None:
    """The language the locale variables ask for, as gettext reads them, when we have it."""
    for key in ENV_KEYS:
        value = environ.get(key, "")
        if not value:
            continue
        # LANGUAGE is a list ("es_MX:en"); the others one locale ("es_US.UTF-8", "C").
        for part in value.split(":") if key == "LANGUAGE" else [value]:
            code = re.split(r"[_.@-]", part, maxsplit=1)[0].lower()
            if code in ("c", "posix"):
                return "en"
            if code in LANGUAGES:
                return code
        if key != "LANGUAGE":  # the first locale set decides, as gettext has it
            return None
    return None


def profile_language(data_dir: Path) -> str | None:
    """The profile's ``language`` when it is one we have; a damaged or unreadable profile is
    said by whatever reads it properly, not here."""
    try:
        with open(data_dir / "profile.toml", "rb") as file:
            text = file.read(64 * 1024).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    import tomllib  # here: a start with no profile (every command reads it) skips the import

    try:
        value = tomllib.loads(text).get("language")
    except tomllib.TOMLDecodeError:
        return None
    return value if isinstance(value, str) and value in LANGUAGES else None


def choose(option: str | None, profile: str | None, environ: Mapping[str, str]) -> str:
    """``--lang`` over the profile over the locale; English when nothing says otherwise."""
    return option or profile or from_environment(environ) or "en"


def day_text(day: date) -> str:
    """A day as a line shows it: 'Thu 3 Dec 2026', 'jue 3 dic 2026'."""
    if _language in ("en", PSEUDO):
        return f"{day:%a} {day.day} {day:%b} {day.year}"
    from babel.dates import format_date  # only when a language other than English is used

    return format_date(day, "EEE d MMM y", locale=_language).replace(".", "")


def long_day_text(day: date) -> str:
    """A day as a letter writes it: 'December 3, 2026', '3 de diciembre de 2026'."""
    if _language in ("en", PSEUDO):
        return f"{day:%B} {day.day}, {day.year}"
    from babel.dates import format_date

    return format_date(day, "long", locale=_language)


# --- the pseudo-locale -------------------------------------------------------------------

_KEEP = re.compile(r"\{[^{}]*\}|%\([^)]*\)[a-z]|%[a-z%]|\[[^\]]*\]")
_ACCENTS = str.maketrans("aeiouAEIOUcnCN", "áéíóúÁÉÍÓÚçñÇÑ")


def pseudo(message: str) -> str:
    """``message`` as the pseudo-locale shows it: accented, ~30% longer, in ⟦ ⟧; placeholders
    (``{name}``, ``%(name)s``, ``[key]``) kept as they are."""
    if not message.strip():
        return message
    parts, at = [], 0
    for match in _KEEP.finditer(message):
        parts.append(message[at : match.start()].translate(_ACCENTS))
        parts.append(match.group())
        at = match.end()
    parts.append(message[at:].translate(_ACCENTS))
    body = "".join(parts)
    lead = body[: len(body) - len(body.lstrip())]
    tail = body[len(body.rstrip()) :]
    core = body.strip()
    return f"{lead}⟦{core}{'~' * max(1, len(core) * 3 // 10 - 2)}⟧{tail}"


class _Pseudo(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)


# --- argparse's own words ("usage:", "options", its errors) --------------------------------
# argparse looks its `_` and `ngettext` up when it runs: pointing them here translates them.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)


def _teach_argparse() -> None:
    import argparse

    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
