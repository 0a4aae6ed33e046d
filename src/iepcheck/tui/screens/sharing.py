"""A child's record shared from its form, one received on Home, a backup made now, and the
monthly reminder to make one: the dialogs, and the service's calls in a worker (age's
passphrase work takes a second on purpose)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, Input, Label, Static

from ...i18n import N_, _, ngettext
from ...reports.words import shown_path
from ...service.errors import ServiceError
from ...textsafe import clean_line
from ..text import join, safe_line
from ..widgets.dialogs import FieldsDialog
from ..widgets.fields import Field
from .base import IepModal

if TYPE_CHECKING:
    from ...service.sharing import Secret
    from ..app import IepApp

# The CLI's options in a service's sentence, as the app's fields name them.
FLAGS = (("--identity", N_("the key file")), ("--recipient", N_("the age public key")))


@dataclass(frozen=True)
class Ask:
    """One line a dialog asks: its key, label, value, placeholder, and whether it is hidden."""

    key: str
    label: str
    value: str = ""
    placeholder: str = ""
    password: bool = False


class SecretDialog(FieldsDialog[dict[str, str] | None], IepModal[dict[str, str] | None]):
    """A file and how it is encrypted: one line a field (it fits 60x20, scrolling), a
    passphrase never shown; Enter moves on (saves on the last), ctrl+s saves, Esc cancels.
    The answer: each field's value by key ("1" for a ticked box)."""

    DEFAULT_CSS = """
    SecretDialog { align: center middle; }
    SecretDialog > VerticalScroll {
        width: 76; max-width: 98%; height: auto; max-height: 100%; padding: 0 2;
        border: thick $primary; background: $surface;
    }
    SecretDialog .intro { color: $text-muted; }
    SecretDialog Label { color: $text-muted; width: 100%; }
    SecretDialog Input { border: none; height: 1; padding: 0 1; background: $boost; }
    SecretDialog Input:focus { border: none; background: $primary 40%; }
    SecretDialog Checkbox { border: none; padding: 0; height: 1; margin-top: 1; }
    SecretDialog .hint { color: $text-muted; margin-top: 1; }
    """

    def __init__(
        self,
        title: str,
        intro: Content,
        asks: list[Ask],
        hint: str,
        error: str = "",
        box: tuple[str, str, bool] | None = None,
    ) -> None:
        """``box``: a tick box after the fields (key, label, ticked); ``error``: what was wrong
        with the last answer, shown at the top (the fields hold what was typed)."""
        super().__init__()
        self.title_text = title
        self.intro = intro
        self.asks = asks
        self.hint = hint
        self.error = error
        self.box = box

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=False):
            yield Static(Content(self.title_text).stylize("bold"))
            if self.error:
                yield Static(safe_line(self.error, "$error bold"), classes="error")
            if self.intro:
                yield Static(self.intro, classes="intro")
            for ask in self.asks:
                yield Label(Content(ask.label))
                yield Field(
                    value=ask.value,
                    placeholder=ask.placeholder,
                    password=ask.password,
                    id=f"ask-{ask.key}",
                )
            if self.box is not None:
                key, label, ticked = self.box
                yield Checkbox(Content(label), ticked, id=f"ask-{key}")
            yield Static(Content(self.hint), classes="hint")

    def on_mount(self) -> None:
        fields = list(self.query(Input))
        first = next((f for f in fields if not f.value), fields[0])
        self.set_focus(first, scroll_visible=False)

    def answer(self) -> dict[str, str] | None:
        found = {a.key: self.query_one(f"#ask-{a.key}", Input).value for a in self.asks}
        if self.box is not None:
            found[self.box[0]] = "1" if self.query_one(Checkbox).value else ""
        return found


def said(exc: Exception, *paths: str) -> str:
    """A service's sentence as the app says it: the CLI's option names as plain words, the
    files named as typed (``~/…``)."""
    text = str(exc)
    for typed in paths:
        if typed.strip():
            full = str(Path(typed.strip()).expanduser())
            text = text.replace(full, shown_path(full))
    for flag, words in FLAGS:
        text = text.replace(flag, _(words))
    return text[:1].upper() + text[1:]


# -- sharing a child's record ---------------------------------------------------------------------


def share_child(
    app: IepApp, child_id: str, typed: dict[str, str] | None = None, error: str = ""
) -> None:
    """Ask where to write the child's share file and how to encrypt it, then write it."""
    from ...records.store import ProgressError
    from ...service import files, sharing

    workspace = app.session.workspace
    try:
        child = app.session.child(child_id)
        folder, day = files.folder(workspace, "exports"), app.session.today()
        default = folder / f"{child_id}-{day}.iep"
        n = 2
        while default.exists():  # one shared earlier today: a new name, never over it
            default, n = folder / f"{child_id}-{day}-{n}.iep", n + 1
    except (ServiceError, ProgressError) as exc:  # a file that no longer reads
        app.notify(said(exc), severity="error", markup=False)
        return
    typed = typed or {}
    lines = [Content(_("It will hold:"))]
    lines += [join("  - ", safe_line(line)) for line in sharing.contents(workspace, child, False)]
    asks = [
        Ask(
            "file",
            _("File to write (a name alone goes in the exports folder)"),
            typed.get("file", shown_path(default)),
        ),
        Ask(
            "passphrase",
            _("Passphrase (typed twice, never shown)"),
            typed.get("passphrase", ""),
            password=True,
        ),
        Ask("again", _("The passphrase again"), typed.get("again", ""), password=True),
        Ask(
            "recipient",
            _("Or instead: the other person's age public key"),
            typed.get("recipient", ""),
            "age1…",
        ),
    ]
    box = None
    if child.letters:
        count = len(child.letters)
        box = (
            "without",
            ngettext(
                "Leave out the {n} letter sent (Space)",
                "Leave out the {n} letters sent (Space)",
                count,
            ).format(n=count),
            bool(typed.get("without")),
        )
    name = clean_line(child.name)[:120]
    dialog = SecretDialog(
        _("Share {child}'s record as one file").format(child=name),
        Content("\n").join(lines),
        asks,
        _(
            "Enter: next · ctrl+s: write · Esc: cancel. Tell the passphrase another way "
            "(by phone, in person), never with the file."
        ),
        error,
        box,
    )

    def answered(values: dict[str, str] | None) -> None:
        if values is not None:
            _share_answered(app, child_id, values)

    app.push_screen(dialog, answered)


def _share_answered(app: IepApp, child_id: str, values: dict[str, str]) -> None:
    from ...service import sharing

    again = partial(share_child, app, child_id, values)
    passphrase, recipient = values["passphrase"], values["recipient"].strip()
    if not values["file"].strip():
        again(_("Give the file's name."))
    elif passphrase and recipient:
        again(_("Give a passphrase or an age public key, not both."))
    elif passphrase != values["again"]:
        again(_("The two passphrases differ; type them again."))
    elif passphrase or recipient:
        secret = sharing.Secret(passphrase or None, [recipient] if recipient else [])
        app.run_worker(partial(_write_share, app, child_id, values, secret), thread=True)
    else:
        from ..widgets.dialogs import Confirm

        def plain(yes: bool | None) -> None:
            if yes:
                secret = sharing.Secret()
                app.run_worker(partial(_write_share, app, child_id, values, secret), thread=True)
            else:
                again("")

        question = Content(
            _(
                "Write it NOT encrypted? Anyone who gets the file, or the sync or email service "
                "that carries it, can read it.\n\ny: write it not encrypted · n: back, to give "
                "a passphrase"
            )
        )
        app.push_screen(Confirm(question, _("Not encrypted"), _("Back")), plain)


def _write_share(app: IepApp, child_id: str, values: dict[str, str], secret: Secret) -> None:
    """In a worker: the changes on screen saved first, then the file from the saved record."""
    from ...records.store import ProgressError
    from ...service import files, sharing

    session = app.session
    try:
        target = files.target(session.workspace, "exports", values["file"])
        session.flush()
        child = session.workspace.store.load(child_id)
        written = sharing.share(
            session.workspace, child, target, secret, bool(values.get("without"))
        )
    except (ServiceError, ProgressError) as exc:
        app.call_from_thread(share_child, app, child_id, values, said(exc, values["file"]))
        return
    where = shown_path(written)
    if secret.passphrase:
        told = _(
            "Wrote {file}, encrypted with your passphrase. Give the passphrase to the "
            "other person another way (by phone, in person), never with the file."
        )
    elif secret.recipients:
        told = _("Wrote {file}, encrypted for that age key: only its holder can open it.")
    else:
        told = _("Wrote {file}, not encrypted: anyone who gets the file can read it.")
    told = told.format(file=where)
    app.call_from_thread(app.notify, told, timeout=20, markup=False)


# -- receiving one ------------------------------------------------------------------------------


class Encrypted(Exception):
    """The file is encrypted and neither a passphrase nor a key was given."""


def receive(app: IepApp, typed: dict[str, str] | None = None, error: str = "") -> None:
    """Ask for a shared file (and its passphrase or key), then add or merge the child."""
    typed = typed or {}
    asks = [
        Ask(
            "file",
            _("The shared file"),
            typed.get("file", ""),
            _("e.g. {file}").format(file="~/Downloads/maya.iep"),
        ),
        Ask(
            "passphrase",
            _("Its passphrase, if it has one (never shown)"),
            typed.get("passphrase", ""),
            password=True,
        ),
        Ask(
            "identity",
            _("Or: your age key file, for a file sent to your key"),
            typed.get("identity", ""),
            _("e.g. {file}").format(file="~/.config/age/key.txt"),
        ),
    ]
    intro = Content(
        _(
            "A new child is added; the same child (from a copy of this record) is merged field "
            "by field: nothing either side entered is lost."
        )
    )
    dialog = SecretDialog(
        _("Receive a shared record"),
        intro,
        asks,
        _("Enter: next · ctrl+s: open it · Esc: cancel"),
        error,
    )

    def answered(values: dict[str, str] | None) -> None:
        if values is None:
            return
        if not values["file"].strip():
            receive(app, values, _("Give the shared file's name."))
            return
        app.run_worker(partial(_read_received, app, values, None), thread=True)

    app.push_screen(dialog, answered)


def _read_received(app: IepApp, values: dict[str, str], into: str | None) -> None:
    """In a worker: open the file, ask which child when two records share a name, merge."""
    from ...records.store import ProgressError
    from ...service import sharing

    session = app.session
    workspace = session.workspace

    def need() -> str:
        raise Encrypted

    try:
        source = Path(values["file"].strip()).expanduser()
        key_file = values["identity"].strip()
        keys = sharing.read_identities(Path(key_file).expanduser()) if key_file else []
        secret = sharing.Secret(values["passphrase"] or None, identities=keys)
        doc = sharing.read_share(source, secret, ask=need)
        if into is None and (others := sharing.namesakes(workspace, doc)):
            app.call_from_thread(_ask_into, app, values, others)
            return
        session.flush()
        done = sharing.receive(workspace, doc, source, into)
    except Encrypted:
        told = _("This file is encrypted: type its passphrase, or give your age key file.")
        app.call_from_thread(receive, app, values, told)
        return
    except (ServiceError, ProgressError) as exc:
        if _wrong_secret(exc, source):  # typed wrong: asked again, from an empty field
            values = values | {"passphrase": ""}
        told = said(exc, values["file"], values["identity"])
        app.call_from_thread(receive, app, values, told)
        return
    app.call_from_thread(_received, app, done)


def _wrong_secret(exc: Exception, source: Path) -> bool:
    """Whether ``exc`` is the service's "could not be decrypted" (in the user's language)."""
    where = clean_line(str(source))
    return str(exc) in (
        _("{where} could not be decrypted: wrong key, or damaged").format(where=where),
        _("{where} could not be decrypted: wrong passphrase, or damaged").format(where=where),
    )


def _ask_into(app: IepApp, values: dict[str, str], others: list[str]) -> None:
    from ..widgets.dialogs import Pick

    choices = []
    for child_id in others:
        try:
            name = app.session.workspace.store.load(child_id).name
        except Exception:
            name = child_id
        choices.append((child_id, join(safe_line(name), (f"  {child_id}", "$text-muted"))))
    title = Content(
        _(
            "A child of that name is here already, but it is another record (made separately "
            "on each side). Enter: merge the shared one into it · Esc: cancel (to keep both, "
            "rename yours first, then receive again)"
        )
    )

    def chosen(answer: tuple[str, str] | None) -> None:
        if answer is not None:
            app.run_worker(partial(_read_received, app, values, answer[1]), thread=True)

    app.push_screen(Pick(title, choices, {}), chosen)


def _received(app: IepApp, done: object) -> None:
    from ...service.sharing import Received

    assert isinstance(done, Received)
    try:
        name = app.session.child(done.child_id, reload=True).name
    except Exception:
        name = done.child_id
    who = safe_line(name).plain
    if done.added:
        told = _("Added {child} ({id}) from the shared file.").format(child=who, id=done.child_id)
    elif done.changed:
        told = _("Merged the shared record into {child}: {changes}.").format(
            child=who, changes=", ".join(done.changed)
        )
    else:
        told = _("Merged the shared record into {child}: nothing new, this record had it all.")
        told = told.format(child=who)
    notes = " ".join(n[:1].upper() + n[1:] + "." for n in done.notes)
    conflict = any("changed on both" in n for n in done.notes)
    severity = "warning" if conflict else "information"
    app.notify(f"{told} {notes}".strip(), severity=severity, timeout=30, markup=False)
    app.resync(done.child_id)
    app.child_changed(done.child_id)


# -- backups -----------------------------------------------------------------------------------


def make_backup(app: IepApp, typed: dict[str, str] | None = None, error: str = "") -> None:
    """Ask where (the data folder's backups/ by default) and for an optional passphrase."""
    from ...service import backup

    typed = typed or {}
    default = shown_path(backup.default_path(app.session.data_dir, False, app.session.now().date()))
    asks = [
        Ask("file", _("Backup file"), typed.get("file", default)),
        Ask(
            "passphrase",
            _("Passphrase, to encrypt it (empty: not encrypted)"),
            typed.get("passphrase", ""),
            password=True,
        ),
        Ask("again", _("The passphrase again"), typed.get("again", ""), password=True),
    ]
    intro = Content(
        _(
            "Everything you would miss: the children's records, the checklist words, your "
            "profile, your checklists and school calendars, letters and exports. Without a "
            "passphrase it is not encrypted: keep it where only you can read it."
        )
    )
    dialog = SecretDialog(
        _("Make a backup now"),
        intro,
        asks,
        _("Enter: next · ctrl+s: write · Esc: cancel"),
        error,
    )

    def answered(values: dict[str, str] | None) -> None:
        if values is None:
            return
        if values["passphrase"] != values["again"]:
            make_backup(app, values, _("The two passphrases differ; type them again."))
        elif not values["file"].strip():
            make_backup(app, values, _("Give the backup file's name."))
        else:
            app.run_worker(partial(_write_backup, app, values, default), thread=True)

    app.push_screen(dialog, answered)


def _write_backup(app: IepApp, values: dict[str, str], default: str) -> None:
    from ...records.store import ProgressError
    from ...service import backup
    from ...service.sharing import Secret

    session = app.session
    secret = Secret(values["passphrase"] or None)
    try:
        typed = values["file"].strip()
        if typed == default:
            encrypted = secret.passphrase is not None
            target = backup.default_path(session.data_dir, encrypted, session.now().date())
        else:  # a name alone goes beside the default (where the reminder looks for backups)
            target = Path(typed).expanduser()
            target = target if target.is_absolute() else session.data_dir / "backups" / target
        session.flush()
        path, count = backup.backup(session.workspace, target, secret)
    except (ServiceError, ProgressError, OSError) as exc:
        app.call_from_thread(make_backup, app, values, said(exc, values["file"]))
        return
    if secret.passphrase:
        told = ngettext(
            "Wrote {file} ({n} file, encrypted; read back and checked).",
            "Wrote {file} ({n} files, encrypted; read back and checked).",
            count,
        )
    else:
        told = ngettext(
            "Wrote {file} ({n} file, not encrypted; read back and checked).",
            "Wrote {file} ({n} files, not encrypted; read back and checked).",
            count,
        )
    told = told.format(file=shown_path(path), n=count)
    app.call_from_thread(app.notify, told, timeout=20, markup=False)


def reminder_text(newest: datetime | None) -> str:
    """The monthly reminder: how old the newest backup is, the key and the command."""
    if newest is not None:
        return _(
            "Your newest backup is from {day}, over a month ago: press b on Home to make one "
            "now, or run: iepcheck backup."
        ).format(day=newest.date().isoformat())
    return _(
        "You have made no backup of your children's records yet: press b on Home to make one "
        "now, or run: iepcheck backup."
    )


def remind(app: IepApp) -> None:
    """At start, in a worker: the reminder, if it is due (at most once a month; see
    ``backup.reminder``). A demo's folder is not the user's: never."""
    from ...service import backup

    if app.demo:
        return
    due = backup.reminder(app.session.workspace)
    if due is not None:
        told = reminder_text(due.newest)
        app.call_from_thread(app.notify, told, severity="warning", timeout=60, markup=False)
