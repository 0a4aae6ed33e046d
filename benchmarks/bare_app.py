"""The baseline: a bare Textual app (a Static and a Footer), measured beside iepcheck."""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static


class Bare(App[None]):
    BINDINGS = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("Bare app ready")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
