"""Whether a document came on time: the Connecticut rules that set a date, in school days
against the child's calendar, each with its source (the project's DOMAIN notes).

Never a legal finding: the words are "on time" and "late by N school days" by the rule named,
and "decide by" for the dates a parent acts on (a Prior Written Notice, a consent form).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..calendar.schooldays import SchoolCalendar
from ..checklists.model import Source
from ..i18n import N_
from ..records.model import Meeting
from ..records.record import Document
from .words import verdict_line

RCSA_12 = Source(
    N_("RCSA 10-76d-12: notice of PPT meetings"),
    "https://www.law.cornell.edu/regulations/connecticut/Regs-Conn-State-Agencies-SS-10-76d-12",
)
RCSA_18 = Source(
    N_("RCSA 10-76d-18: education records and reports"),
    "https://casetext.com/regulation/connecticut-administrative-code/title-10-education-and-"
    "culture/children-requiring-special-education/section-10-76d-conditions-of-instruction/"
    "section-10-76d-18-education-records-and-reports",
)
PA_12_173 = Source(
    N_("Public Act 12-173 (CT School Law summary)"),
    "https://ctschoollaw.com/2015/09/new-notice-to-parents-regarding-special-education-rights/",
)
HB27 = Source(N_("SPED*NET parent handbook summary: IEP timelines"), "https://spednet.org/hb27/")
PWN = Source(
    N_("CT School Law summary of CSDE's 2013 guidance on Prior Written Notice timelines"),
    "https://www.ctschoollaw.com/2014/01/state-department-of-education-provides-guidance-on-"
    "prior-written-notice-timelines-for-ieps/",
)
CONSENT = Source(
    N_("CPAC summary, Step 4: Evaluation (consent forms, 10 school days)"),
    "http://www.cpacinc.org/hot-topics/child-find/basic-steps-for-receiving-special-"
    "education-services-in-connecticut/step-4-evaluation/",
)


@dataclass(frozen=True)
class Verdict:
    """What a rule says about one document."""

    rule: str  # the rule in words (English, as the status document keeps it; _() shows it)
    # (the source's title too: marked, and said in the user's language where shown)
    due: date  # the date the rule sets
    status: str  # "on time" | "late" | "decide by"
    source: Source
    late_by: int = 0  # school days, when late

    def line(self) -> str:
        """The verdict as every report says it (see :func:`verdict_line`)."""
        return verdict_line(self.status, self.rule, self.due, self.late_by, self.source.title)


def _judge(rule: str, due: date, received: date, cal: SchoolCalendar, source: Source) -> Verdict:
    if received <= due:
        return Verdict(rule, due, "on time", source)
    late = cal.school_days_between(due + timedelta(days=1), received + timedelta(days=1))
    return Verdict(rule, due, "late", source, max(late, 1))


def verdicts(doc: Document, meeting: Meeting | None, cal: SchoolCalendar) -> list[Verdict]:
    """Every rule that sets a date for this document, as far as the record tells."""
    found: list[Verdict] = []
    got = doc.received
    if meeting is not None and meeting.kind != "ppt":
        meeting = None  # the rules below are a PPT's; a 504 meeting has no state timeline
    if doc.kind == "notice" and meeting is not None:
        due = cal.add_school_days(meeting.date, -5)
        found.append(_judge(N_("5 school days before the PPT"), due, got, cal, RCSA_12))
    elif doc.kind == "iep" and meeting is not None:
        due = cal.add_school_days(meeting.date, 5)
        found.append(_judge(N_("5 school days after the PPT"), due, got, cal, HB27))
    elif doc.kind == "iep" and doc.requested is not None:
        due = cal.add_school_days(doc.requested, 45)
        rule = N_("an IEP about 45 school days after the referral was received")
        found.append(_judge(rule, due, got, cal, HB27))
    elif doc.kind == "evaluation" and doc.requested is not None and meeting is not None:
        due = cal.add_school_days(meeting.date, -3)
        rule = N_("results asked for: 3 school days before the PPT")
        found.append(_judge(rule, due, got, cal, PA_12_173))
    elif doc.kind == "records" and doc.requested is not None:
        due = cal.add_school_days(doc.requested, 10)
        found.append(_judge(N_("10 school days after the written request"), due, got, cal, RCSA_18))
        if meeting is not None:
            before = meeting.date - timedelta(days=1)
            found.append(_judge(N_("before the meeting"), before, got, cal, RCSA_18))
    elif doc.kind == "pwn":
        start = doc.dated or got
        due = cal.add_school_days(start, 10)
        rule = N_("the change takes effect 10 school days after the notice, unless agreed")
        found.append(Verdict(rule, due, "decide by", PWN))
    elif doc.kind == "consent-request":
        due = cal.add_school_days(got, 10)
        rule = N_("no answer in 10 school days counts as a refusal")
        found.append(Verdict(rule, due, "decide by", CONSENT))
    return found
