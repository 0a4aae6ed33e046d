"""Small dialogs: a yes/no question, a text prompt, a choice, and work the user may stop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...i18n import N_, _
from ..text import safe_line
from .fields import Field, after_typing

R = TypeVar("R")


class Confirm(ModalScreen[bool]):
    """Ask a yes/no question. y / n / Esc."""

    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical {
        width: 60; max-width: 95%; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    Confirm Horizontal { height: auto; margin-top: 1; align-horizontal: right; }
    Confirm Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("n,escape", "answer(False)", N_("No"), id="confirm.no"),
    ]

    def __init__(
        self,
        question: Content,
        yes: str | None = None,
        no: str | None = None,
        yes_keys: str = "y",
    ) -> None:
        super().__init__()
        self.question = question
        self.labels = (yes or _("Yes"), no or _("No"))
        self.yes_keys = set(yes_keys.split(","))

    def on_key(self, event: events.Key) -> None:
        if event.key in self.yes_keys:
            event.stop()
            self.dismiss(True)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question)
            with Horizontal():
                yield Button(Content(self.labels[1]), id="no")
                yield Button(Content(self.labels[0]), id="yes", variant="warning")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#no", Button), scroll_visible=False)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class FieldsDialog(ModalScreen[R], Generic[R]):
    """A dialog of fields: Tab and Enter move on (Enter saves on the last field), ctrl+s
    saves, Esc cancels; the answer is given once (``answer``)."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="prompt.cancel"),
        # As in the forms: focus moves before the keys typed after a Tab arrive.
        Binding("tab", "app.focus_next", N_("Next field"), show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", N_("Previous field"), show=False, priority=True),
        Binding("ctrl+s", "accept", N_("Save"), show=False, priority=True),
        # Enter moves on (or saves, on the last field) before the keys typed after it arrive,
        # as Tab does: a burst "date⏎text⏎" fills the fields it was typed for.
        Binding("enter", "next_or_accept", N_("Next field"), show=False, priority=True),
    ]

    def answer(self) -> R:
        raise NotImplementedError  # each dialog says what it answers

    def action_next_or_accept(self) -> None:
        inputs = list(self.query(Input))
        focused = self.focused
        index = inputs.index(focused) if isinstance(focused, Input) and focused in inputs else -1
        if 0 <= index < len(inputs) - 1:
            # set_focus at once (not focus(), which waits a turn): keys already typed after
            # the Enter land in the next field.
            self.set_focus(inputs[index + 1])
            return
        self.action_accept()

    @after_typing
    def action_accept(self) -> None:
        if self.is_current:  # not twice (Enter and ctrl+s in one burst)
            self.dismiss(self.answer())

    def action_cancel(self) -> None:
        self.dismiss(None)


class Prompt(FieldsDialog[list[str] | None]):
    """Ask for one or more lines of text; Enter on the last field accepts, Esc cancels."""

    DEFAULT_CSS = """
    Prompt { align: center middle; }
    Prompt > Vertical {
        width: 72; max-width: 98%; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    Prompt Label { margin-top: 1; color: $text-muted; }
    Prompt .hint { color: $text-muted; margin-top: 1; }
    Prompt .error { margin-top: 1; }
    Prompt > VerticalScroll {
        width: 72; max-width: 98%; height: auto; max-height: 100%; padding: 0 2;
        border: thick $primary; background: $surface;
    }
    Prompt.compact Label { margin-top: 0; }
    Prompt.compact Input { border: none; height: 1; padding: 0 1; background: $boost; }
    Prompt.compact Input:focus { background: $primary 40%; }
    Prompt.compact .error { margin-top: 0; }
    """

    def __init__(
        self,
        title: Content,
        fields: list[tuple[str, str, str]],
        hint: str = "",
        error: str = "",
        *,
        compact: bool = False,
    ) -> None:
        """``fields``: (label, initial value, placeholder) for each line asked. ``error``: what
        was wrong with the last answer (the fields then hold what the user typed). ``compact``:
        one line a field (for dialogs of many fields, which then scroll in a small window)."""
        super().__init__(classes="compact" if compact else None)
        self.one_line = compact
        self.title_content = title
        self.fields = fields
        self.hint = hint
        self.error = error

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=False) if self.one_line else Vertical():
            yield Static(self.title_content)
            error = Static(safe_line(self.error, "$error bold"), classes="error")
            if self.error and self.one_line:
                yield error  # at the top: many fields may push the bottom out of view
            for n, (label, value, placeholder) in enumerate(self.fields):
                if label:
                    yield Label(Content(label))
                yield Field(value=value, placeholder=placeholder, id=f"field-{n}")
            if self.error and not self.one_line:
                yield error
            default = (
                _("Enter: next field · ctrl+s: save · Esc: cancel")
                if len(self.fields) > 2
                else _("Enter: save · Esc: cancel")
            )
            yield Static(Content(self.hint or default), classes="hint")

    def answer(self) -> list[str] | None:
        return [i.value for i in self.query(Input)]


class Pick(ModalScreen[tuple[str, str] | None]):
    """Choose one of a list: Enter gives ("enter", id); each key in ``keys`` gives its action
    with the highlighted id; Esc or q cancels. Opens with the first choice highlighted."""

    DEFAULT_CSS = """
    Pick { align: center middle; }
    Pick > Vertical {
        width: 72; max-width: 98%; height: auto; max-height: 90%; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    Pick OptionList { height: auto; max-height: 14; }
    """
    BINDINGS = [Binding("escape,q", "cancel", N_("Cancel"), id="pick.cancel")]

    def __init__(
        self, title: Content, choices: list[tuple[str, Content]], keys: dict[str, str]
    ) -> None:
        super().__init__()
        self.title_content = title
        self.choices = choices
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_content)
            yield OptionList(*(Option(text, id=cid) for cid, text in self.choices), id="pick")

    def on_mount(self) -> None:
        listing = self.query_one("#pick", OptionList)
        if listing.option_count:
            listing.highlighted = 0
        self.set_focus(listing, scroll_visible=False)

    @on(OptionList.OptionSelected, "#pick")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(("enter", event.option.id or ""))

    def on_key(self, event: events.Key) -> None:
        option = self.query_one("#pick", OptionList).highlighted_option
        if event.key in self.keys and option is not None:
            event.stop()
            self.dismiss((self.keys[event.key], option.id or ""))

    def action_cancel(self) -> None:
        self.dismiss(None)


class Working(ModalScreen[None]):
    """Something under way that the user may stop: what it is, and "Esc: stop"."""

    DEFAULT_CSS = """
    Working { align: center middle; }
    Working > Vertical {
        width: 60; max-width: 95%; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    Working .hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "stop", N_("Stop"), id="working.stop")]

    def __init__(self, what: Content, stop: Callable[[], object]) -> None:
        super().__init__()
        self.what = what
        self.stop = stop

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.what)
            yield Static(Content(_("Esc: stop")), classes="hint")

    def action_stop(self) -> None:
        self.stop()
        self.dismiss(None)
