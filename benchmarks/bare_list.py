"""The key-press baseline: a bare Textual app (an OptionList of 150 options and a Footer), whose
Down key moves the highlight; measured beside iepcheck's tick (run.py, keys.py)."""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, OptionList


class BareList(App[None]):
    BINDINGS = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield OptionList(*(f"Bare option {n:03d}" for n in range(150)))
        yield Footer()


if __name__ == "__main__":
    BareList().run()
