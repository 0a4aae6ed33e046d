"""What the app prints and writes from a record: status, exports. Plain text, Markdown, HTML."""
