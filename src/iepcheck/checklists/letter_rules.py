"""The rules for a checklist file's ``[[letters]]`` and the items that point at them."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..i18n import _
from ..textsafe import clean_line, cut
from .kinds import DOC_KINDS
from .model import ID_RE, TALLIES, Item, Letter, Paragraph
from .placeholders import LIST_NAMES, MAX_LIST_USES, anchored, parse, parse_when, uses
from .positions import KeyPath
from .translations import entry_hash

if TYPE_CHECKING:
    from .checks import Checker

LETTER_KEYS = frozenset(["id", "title", "subject", "body", "sources", "paragraphs"])
PARAGRAPH_KEYS = frozenset(["when", "after", "text"])
MAX_LETTER_CHARS = 20_000  # a letter longer than this is not a letter a parent sends
MAX_PARAGRAPHS = 30  # conditional paragraphs of one letter


def read_letters(v: Checker, item_ids: set[str]) -> tuple[tuple[Letter, ...], set[str]]:
    """The file's good letters, and every letter id it declares (good or not: an item that
    names a letter with a problem is not reported a second time)."""
    raw = v.get(v.doc, (), "letters", list)
    if not raw:
        return (), set()
    letters: list[Letter] = []
    seen: dict[str, KeyPath] = {}
    for n, table in enumerate(raw):
        where: KeyPath = ("letters", n)
        if not isinstance(table, dict):
            v.error(where, _("each letter must be a table: write it as [[letters]]"))
            continue
        v.check_keys(table, where, LETTER_KEYS)
        lid = v.get(table, where, "id", str, required=_("this letter needs an 'id'"))
        if lid is not None:
            if not ID_RE.fullmatch(lid):
                v.error(
                    (*where, "id"),
                    _(
                        "letter id '{value}' may only use lowercase letters a-z, digits and '-', "
                        "1 to 64 characters"
                    ).format(value=clean_line(lid)),
                )
                lid = None
            elif not v.first_use(lid, where, seen, "letter id"):
                lid = None
        title = v.get(table, where, "title", str, required=_("this letter needs a 'title'"))
        subject = v.get(table, where, "subject", str) or ""
        body = v.get(table, where, "body", str, required=_("this letter needs a 'body'"))
        if body is not None and not body.strip():
            v.error((*where, "body"), _("the letter's 'body' is empty"))
            body = None
        ok = True
        for key, text in (("subject", subject), ("body", body)):
            if text is None:
                continue
            if len(text) > MAX_LETTER_CHARS:
                v.error(
                    (*where, key),
                    _(
                        "the letter's '{key}' is {n} characters long; a letter may be at most "
                        "{most}"
                    ).format(key=key, n=f"{len(text):,}", most=f"{MAX_LETTER_CHARS:,}"),
                )
                ok = False
                continue
            ok = _check_template(v, (*where, key), text, item_ids) and ok
        paragraphs, good = _paragraphs(v, table, where, body, item_ids)
        ok = ok and good
        templates = [((*where, "subject"), subject), ((*where, "body"), body or "")]
        templates += [
            ((*where, "paragraphs", k, "text"), entry.get("text"))
            for k, entry in enumerate(table.get("paragraphs") or [])
            if isinstance(entry, dict)
        ]
        ok = check_list_uses(v, templates) and ok
        sources = v.sources(table, where)
        translated_from = v.translated_from(table, where)
        if lid and title is not None and body is not None and ok:
            letters.append(
                Letter(
                    lid,
                    title.strip(),
                    subject.strip(),
                    body.strip("\n"),
                    sources,
                    paragraphs,
                    words_hash=entry_hash(table),
                    translated_from=translated_from,
                )
            )
    return tuple(letters), set(seen)


def _paragraphs(
    v: Checker, table: dict[str, Any], where: KeyPath, body: str | None, item_ids: set[str]
) -> tuple[tuple[Paragraph, ...], bool]:
    """A letter's conditional paragraphs (``[[letters.paragraphs]]``), and whether all are good."""
    raw = v.get(table, where, "paragraphs", list)
    if raw is None:
        return (), "paragraphs" not in table
    if len(raw) > MAX_PARAGRAPHS:
        v.error(
            (*where, "paragraphs"),
            _("the letter has {n} conditional paragraphs; a letter may have at most {most}").format(
                n=len(raw), most=MAX_PARAGRAPHS
            ),
            key=True,
        )
        return (), False
    found: list[Paragraph] = []
    ok = True
    total = len(body or "")
    for k, entry in enumerate(raw):
        at: KeyPath = (*where, "paragraphs", k)
        if not isinstance(entry, dict):
            v.error(
                at,
                _(
                    "each conditional paragraph must be a table: write it as "
                    "[[letters.paragraphs]] under its letter"
                ),
            )
            ok = False
            continue
        v.check_keys(entry, at, PARAGRAPH_KEYS)
        when_text = v.get(
            entry,
            at,
            "when",
            str,
            required=_(
                "this paragraph needs a 'when': plan:iep, plan:504, plan:none, meeting or "
                "contact:ROLE"
            ),
        )
        after_text = v.get(
            entry,
            at,
            "after",
            str,
            required=_(
                "this paragraph needs an 'after': the first words of the body's paragraph it "
                "follows"
            ),
        )
        text = v.get(entry, at, "text", str, required=_("this paragraph needs a 'text'"))
        when = after = None
        if when_text is not None:
            when, problem = parse_when(when_text)
            if when is None:
                v.error((*at, "when"), problem)
        if after_text is not None and body is not None:
            after = _anchor(v, (*at, "after"), body, after_text)
        if text is not None:
            total += len(text)
            if not text.strip():
                v.error((*at, "text"), _("the paragraph's 'text' is empty"))
                text = None
            elif total > MAX_LETTER_CHARS:
                v.error(
                    (*at, "text"),
                    _(
                        "the letter's body and conditional paragraphs are {n} characters long "
                        "up to here; a letter may be at most {most}"
                    ).format(n=f"{total:,}", most=f"{MAX_LETTER_CHARS:,}"),
                )
                text = None
            elif not _check_template(v, (*at, "text"), text, item_ids):
                text = None
        if when is None or after is None or text is None:
            ok = False
            continue
        found.append(Paragraph(when, after, text.strip("\n"), " ".join(after_text.split())))
    return tuple(found), ok


def _anchor(v: Checker, where: KeyPath, body: str, first_words: str) -> int | None:
    """The index of the body's paragraph ``first_words`` begins; reported unless exactly one."""
    found = anchored(body, first_words)
    if len(found) == 1:
        return found[0]
    shown = cut(clean_line(" ".join(first_words.split())), 60)
    if not found:
        v.error(
            where,
            _(
                "no paragraph of the letter's body begins with '{words}': 'after' gives the "
                "first words of the body's paragraph this one follows (a paragraph is the lines "
                "between two blank lines)"
            ).format(words=shown),
        )
    else:
        v.error(
            where,
            _(
                "{n} paragraphs of the letter's body begin with '{words}': give more of the "
                "first words of the one this paragraph follows"
            ).format(n=len(found), words=shown),
        )
    return None


def check_list_uses(v: Checker, templates: list[tuple[KeyPath, Any]]) -> bool:
    """Whether each placeholder that fills in a list (LIST_NAMES) is used at most
    MAX_LIST_USES times in these texts together (one letter: its subject, body and
    paragraphs); the first use too many is reported at its line and column."""
    found: dict[str, list[tuple[int, KeyPath, int]]] = {}
    for where, text in templates:
        if not isinstance(text, str):
            continue
        for offset, piece in uses(text):
            if piece.name in LIST_NAMES:
                spot = v.positions.in_string(where, offset) if v.text else None
                found.setdefault(piece.shown, []).append((spot or 0, where, offset))
    ok = True
    for shown, places in found.items():
        if len(places) <= MAX_LIST_USES:
            continue
        places.sort(key=lambda place: place[0])
        _spot, where, offset = places[MAX_LIST_USES]
        text = next(t for w, t in templates if w == where)
        _error_in(
            v,
            where,
            text,
            offset,
            _(
                "'{placeholder}' is used {n} times in this letter, the one here too many: a "
                "placeholder that fills in a list or a long text may be used at most {most} "
                "times in a letter, its subject, body and conditional paragraphs together"
            ).format(placeholder=shown, n=f"{len(places):,}", most=MAX_LIST_USES),
        )
        ok = False
    return ok


def _check_template(v: Checker, where: KeyPath, text: str, item_ids: set[str]) -> bool:
    _pieces, errors = parse(text)
    problems = [(e.offset, e.message) for e in errors]
    for offset, piece in uses(text):
        if piece.name == "ticked" and piece.arg not in item_ids:
            problems.append(
                (
                    offset,
                    _("'{placeholder}' names item '{item}', but this file has no such item").format(
                        placeholder=piece.shown, item=piece.arg
                    ),
                )
            )
    for offset, message in sorted(problems):
        _error_in(v, where, text, offset, message)
    return not problems


def _error_in(v: Checker, where: KeyPath, text: str, offset: int, message: str) -> None:
    """Report at character ``offset`` of the string value at ``where``."""
    found = v.positions.in_string(where, offset)
    if found is None:
        # Not placed (a reader limit): the first place the characters are, after the value.
        start = v.positions.offset(where)
        token = text[offset : offset + 12].split("\n")[0] or text[offset : offset + 1]
        found = v.text.find(token, start) if start is not None else -1
    if found >= 0:
        line, col = v.positions.line_col(found)
        v.problems.append(v.problem(line, col, "error", message))
    else:
        v.error(where, message)


def check_letter_refs(
    v: Checker,
    checklist_id: str | None,
    items: list[tuple[KeyPath, Item]],
    letters: set[str],
    words_only: bool = False,
) -> dict[int, Item]:
    """The items whose ``letter`` was made whole ("CHECKLIST-ID/LETTER-ID"), by the ``id()``
    of the item as read; bad references are reported."""
    out: dict[int, Item] = {}
    for where, item in items:
        ref = item.letter
        if ref is None:
            continue
        owner, slash, lid = ref.rpartition("/")
        if not slash:
            if ref not in letters:
                v.error(
                    (*where, "letter"),
                    _(
                        "item '{item}' asks for letter '{letter}', but this file has no "
                        "[[letters]] with that id (write CHECKLIST-ID/LETTER-ID for another "
                        "checklist's letter)"
                    ).format(item=item.id, letter=clean_line(ref)),
                )
                continue
            owner = checklist_id or ""
            lid = ref
        elif not (ID_RE.fullmatch(owner) and ID_RE.fullmatch(lid)):
            v.error(
                (*where, "letter"),
                _("'letter' must be LETTER-ID or CHECKLIST-ID/LETTER-ID, not '{letter}'").format(
                    letter=clean_line(ref)
                ),
            )
            continue
        elif owner == checklist_id and lid not in letters and not words_only:
            v.error((*where, "letter"), _("this file has no letter '{letter}'").format(letter=lid))
            continue
        out[id(item)] = replace(item, letter=f"{owner}/{lid}")
    return out


def item_extras(v: Checker, table: dict[str, Any], where: KeyPath, kind: str) -> dict[str, Any]:
    """The optional keys ``letter``, ``tally`` and ``tally_alert`` of an item."""
    found: dict[str, Any] = {}
    letter = v.get(table, where, "letter", str)
    if letter is not None:
        found["letter"] = letter.strip()
    tally = v.get(table, where, "tally", str)
    if tally is not None:
        if tally not in TALLIES:
            v.error(
                (*where, "tally"),
                _("'tally' must be one of {tallies}, not '{value}'").format(
                    tallies=", ".join(TALLIES), value=clean_line(tally)
                ),
            )
        elif kind == "guide":
            v.warn((*where, "tally"), _("a guide checklist has no dates; 'tally' is ignored"))
        else:
            found["tally"] = tally
    document = v.get(table, where, "document", str)
    if document is not None:
        if document not in DOC_KINDS:
            v.error(
                (*where, "document"),
                _("'document' must be one of {kinds}, not '{value}'").format(
                    kinds=", ".join(DOC_KINDS), value=clean_line(document)
                ),
            )
        else:
            found["document"] = document
    alert = v.get(table, where, "tally_alert", int)
    if alert is not None:
        if not 1 <= alert <= 366:
            v.error(
                (*where, "tally_alert"), _("'tally_alert' must be a whole number from 1 to 366")
            )
        elif "tally" not in table:
            v.warn((*where, "tally_alert"), _("'tally_alert' needs a 'tally' on the same item"))
        else:
            found["tally_alert"] = alert
    return found
