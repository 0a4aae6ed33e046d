"""The application layer: every user operation and query, written once for the CLI and the TUI."""
