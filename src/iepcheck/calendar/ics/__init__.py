"""A school district's .ics calendar read into closed days, and reminders written as .ics.

Reading (``read``) is for files from the internet: the size is checked before anything is
parsed, only the lines that matter reach the parser (``decode``), titles are classified by
their words (``words``), repeating events are expanded within a budget (``rules``), and
anything wrong ends in an :class:`~.model.IcsError` sentence, never a traceback; ``apart``
runs the reader in a process of its own, which the user can stop. Writing
(``write``) builds a calendar a phone or a desktop calendar can import.

``icalendar`` and ``recurring_ical_events`` do the standard's hard parts (folding, escaping,
time zones, RRULE with EXDATE, RDATE and RECURRENCE-ID); this package decides what a closure is.
"""
