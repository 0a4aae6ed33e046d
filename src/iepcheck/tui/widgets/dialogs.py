"""Small dialogs that return a value: a yes/no question and a text prompt."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


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
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: Content, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.labels = (yes, no)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question)
            with Horizontal():
                yield Button(Content(self.labels[1]), id="no")
                yield Button(Content(self.labels[0]), id="yes", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class Prompt(ModalScreen[list[str] | None]):
    """Ask for one or more lines of text; Enter on the last field accepts, Esc cancels."""

    DEFAULT_CSS = """
    Prompt { align: center middle; }
    Prompt > Vertical {
        width: 72; max-width: 98%; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    Prompt Label { margin-top: 1; color: $text-muted; }
    Prompt .hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: Content, fields: list[tuple[str, str, str]], hint: str = "") -> None:
        """``fields``: (label, initial value, placeholder) for each line asked."""
        super().__init__()
        self.title_content = title
        self.fields = fields
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_content)
            for n, (label, value, placeholder) in enumerate(self.fields):
                if label:
                    yield Label(Content(label))
                yield Input(value=value, placeholder=placeholder, id=f"field-{n}")
            yield Static(Content(self.hint or "Enter: save · Esc: cancel"), classes="hint")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
            return
        self.dismiss([i.value for i in inputs])

    def action_cancel(self) -> None:
        self.dismiss(None)
