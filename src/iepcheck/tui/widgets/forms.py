"""Form pieces: fields that survive typed-ahead bursts and pastes, a checklist picker, and a
form screen that asks before throwing edits away."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Input, OptionList, Select, TextArea
from textual.widgets.option_list import Option

from ...i18n import N_, _
from ..screens.base import IepScreen
from ..text import join, safe_line
from .dialogs import Confirm
from .fields import Field

__all__ = ["ChecklistPicker", "Field", "FormScreen"]


class FormScreen(IepScreen[Any]):
    """A form: Tab moves focus before the next key arrives; leaving with edits asks first."""

    BINDINGS = [
        # Priority: focus moves while the keys that follow a Tab are still queued, so a burst
        # of keys fills the fields it was typed for.
        Binding("tab", "app.focus_next", N_("Next field"), show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", N_("Previous field"), show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._initial: dict[str, Any] | None = None

    def values(self) -> dict[str, Any]:
        """Everything the user can edit on the form, by field id, to tell whether it changed."""
        found: dict[str, Any] = {}
        for widget in self.query("Input, Select, TextArea, ChecklistPicker"):
            key = widget.id or str(id(widget))
            if isinstance(widget, Input | Select):
                found[key] = widget.value
            elif isinstance(widget, TextArea):
                found[key] = widget.text
            elif isinstance(widget, ChecklistPicker):
                found[key] = frozenset(widget.selected)
        return found

    def remember(self, *only: str) -> None:
        """The form as first shown (call once its fields are filled); with field ids, only
        those fields (filled later, e.g. once the checklists are read)."""
        now = self.values()
        if self._initial is None or not only:
            self._initial = now
        else:
            self._initial.update({k: now[k] for k in only if k in now})

    def changed(self) -> bool:
        return self._initial is not None and self.values() != self._initial

    def leave(self, result: Any = None) -> None:
        """Back: ask "Discard changes?" when the form was edited (Enter keeps editing)."""
        if not self.changed():
            self.dismiss(result)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(result)

        question = Content(_("Discard your changes?\n\nEnter or n: keep editing · d or y: discard"))
        self.app.push_screen(
            Confirm(question, _("Discard"), _("Keep editing"), yes_keys="d,y"), answered
        )


class ChecklistPicker(OptionList):
    """Checklists to attach: Space or Enter attaches or detaches; '[x] … attached' / '[ ] …'."""

    BINDINGS = [Binding("space,enter", "flip", N_("Attach or detach"), show=False)]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices: list[tuple[str, str]] = []
        self.selected: set[str] = set()

    def set_choices(self, choices: Iterable[tuple[str, str]], selected: Iterable[str]) -> None:
        """``choices``: (checklist id, title)."""
        self.choices = list(choices)
        self.selected = {c for c in selected if any(c == cid for cid, _ in self.choices)}
        self._render_choices()
        if self.option_count:
            self.highlighted = 0

    def _render_choices(self) -> None:
        keep = self.highlighted
        options = []
        for cid, title in self.choices:
            on = cid in self.selected
            mark = ("[x] ", "$success bold") if on else ("[ ] ", "")
            word = (_(" · attached"), "$success") if on else (_(" · not attached"), "$text-muted")

            options.append(
                Option(join(mark, safe_line(title), (f"  {cid}", "$text-muted"), word), id=cid)
            )
        self.set_options(options)
        if keep is not None and self.option_count:
            self.highlighted = min(keep, self.option_count - 1)

    def action_flip(self) -> None:
        option = self.highlighted_option
        if option is None or option.id is None:
            return
        self.selected ^= {option.id}
        self._render_choices()
