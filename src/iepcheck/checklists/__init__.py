"""Checklist files: the format, reading and checking them, and the library of every folder."""
