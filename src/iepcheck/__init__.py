"""iepcheck: checklists for Connecticut special-education meetings, in the terminal."""

__version__ = "0.1.0"
