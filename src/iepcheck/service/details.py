"""The parent's profile and a child's details (birth date, grade, own parent details), as
``KEY=VALUE`` pairs from the shell or a form's fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from ..clock import time_zone
from ..i18n import LANGUAGES, _
from ..records import fields as F
from ..records.ids import short_id
from ..records.letters import PARENT_KEYS, ParentDetails
from ..records.model import Child, Contact
from ..records.operations import AddContact, Operation, RemoveContact, batch
from ..records.operations.edits import between
from ..records.profile import SETTING_KEYS, load_profile, load_settings, update_profile
from ..records.store import ProgressError
from ..textsafe import clean_line, cut
from .children import check_text
from .dates import parse_day
from .errors import InputError, ServiceError, did_you_mean
from .workspace import Workspace

MAX_FIELD = 300
PROFILE_KEYS = (*PARENT_KEYS, *SETTING_KEYS)  # what ``profile set`` takes
# A contact's name by role, as the child's form names the roles.
ROLE_KEYS = {
    "case_manager": "Case manager",
    "504_coordinator": "504 coordinator",
    "special_education_director": "Special education director",
    "principal": "Principal",
    "teacher": "Teacher",
}
CHILD_KEYS = (
    "born",
    "grade",
    "school",
    "district",
    "letter_language",
    *tuple(f"parent_{k}" for k in PARENT_KEYS),
    *ROLE_KEYS,
)


def pairs(args: Iterable[str], allowed: Iterable[str]) -> dict[str, str]:
    """``KEY=VALUE`` arguments, checked: a known key, one line, not too long."""
    allowed = tuple(allowed)
    found: dict[str, str] = {}
    for arg in args:
        key, eq, value = arg.partition("=")
        key = key.strip().lower().replace("-", "_")
        if not eq:
            raise InputError(
                _("'{arg}' should be KEY=VALUE, e.g. {allowed}=…").format(
                    arg=clean_line(arg), allowed=allowed[0]
                )
            )
        if key not in allowed:
            hint = did_you_mean(key, allowed)
            raise InputError(
                _("'{key}' is not something to set.{hint} Keys: {value}").format(
                    key=clean_line(key), hint=hint, value=", ".join(allowed)
                )
            )
        value = check_text(value, key)
        if len(value) > MAX_FIELD:
            raise InputError(
                _("{key} is longer than {MAX_FIELD} characters").format(
                    key=key, MAX_FIELD=MAX_FIELD
                )
            )
        found[key] = value
    if not found:
        raise InputError(
            _("nothing to set: give KEY=VALUE pairs ({value})").format(value=", ".join(allowed))
        )
    return found


def checked(values: Mapping[str, str]) -> dict[str, str]:
    """A form's fields, checked like ``KEY=VALUE`` pairs (one line, not too long)."""
    return pairs((f"{k}={v}" for k, v in values.items()), CHILD_KEYS)


def profile(workspace: Workspace) -> ParentDetails:
    try:
        return load_profile(workspace.data_dir)
    except ProgressError as exc:
        raise ServiceError(str(exc)) from None


def set_profile(workspace: Workspace, values: Mapping[str, str]) -> ParentDetails:
    """Save the given fields of the parent's profile (an empty value clears one)."""
    unknown = set(values) - set(PROFILE_KEYS)
    if unknown:
        raise InputError(_("not a profile field: {value}").format(value=", ".join(sorted(unknown))))
    checked = {k: check_text(v, k) for k, v in values.items()}
    if checked.get("timezone"):
        checked["timezone"] = check_zone(checked["timezone"])
    if checked.get("language"):
        checked["language"] = check_language(checked["language"])
    try:
        return update_profile(workspace.store, **checked)
    except ProgressError as exc:
        raise ServiceError(str(exc)) from None


def check_zone(name: str, what: str = "timezone") -> str:
    """An IANA time zone name as typed ("America/Chicago"), or a sentence naming it."""
    try:
        return time_zone(name.strip()).key
    except ValueError:
        raise InputError(
            _(
                "{what}: '{name}' is not a time zone name; use one like America/New_York "
                "or America/Chicago (the names in the IANA time zone database)"
            ).format(what=what, name=clean_line(cut(name, 60)))
        ) from None


def check_language(text: str, what: str = "language") -> str:
    """A language iepcheck writes in ('en', 'es'; any case), or a sentence naming it."""
    code = text.strip().lower()
    if code not in LANGUAGES:
        raise InputError(
            _("{what}: '{text}' is not a language iepcheck writes in; use one of {value}").format(
                what=what, text=clean_line(cut(text, 60)), value=", ".join(LANGUAGES)
            )
        )
    return code


def language_setting(workspace: Workspace) -> str:
    """What the profile's ``language`` says ('' when it says nothing, or cannot be read)."""
    try:
        return load_settings(workspace.data_dir).get("language", "")
    except ProgressError:
        return ""


def time_zone_setting(workspace: Workspace) -> tuple[str, str]:
    """The time zone in use, and what the profile says when it names none that exists
    ('' when it names none at all)."""
    try:
        written = load_settings(workspace.data_dir).get("timezone", "")
    except ProgressError:
        written = ""
    return workspace.clock.zone_name, written


def parse_born(text: str, today: date) -> date | None:
    """A birth date as typed ('' clears it); never in the future."""
    text = text.strip()
    return parse_day(text, today=today, what="born", past_only=True) if text else None


def child_details_op(child: Child, values: Mapping[str, str], today: date) -> Operation | None:
    """The change that sets the given details of the child (an empty value clears one):
    only those fields, each with the value the user saw, so a change made meanwhile by
    another session to any other field stays. None when nothing changes."""
    wanted: dict[str, Any] = {}
    for key, value in values.items():
        if key == "born":
            wanted["born"] = parse_born(value, today)
        elif key in ROLE_KEYS:
            continue
        else:
            wanted[key] = value.strip()
    edit = between("child", "", child_fields(child), {**child_fields(child), **wanted})
    contact_ops = [
        role_contact_op(child, ROLE_KEYS[key], value)
        for key, value in values.items()
        if key in ROLE_KEYS
    ]
    return batch(edit, *contact_ops) if edit or any(contact_ops) else None


def child_fields(child: Child) -> dict[str, Any]:
    """The child's own fields by the names an :class:`Edit` of the child uses."""
    return {name: _child_value(child, name) for name in F.CHILD}


def _child_value(child: Child, name: str) -> Any:
    if name.startswith("parent_"):
        return getattr(child.parent, name[len("parent_") :])
    return getattr(child, name)


def contacts_of_role(child: Child, role: str) -> list[Contact]:
    wanted = role.strip().casefold()
    return [c for c in child.contacts if c.role.strip().casefold() == wanted]


def role_contact_op(child: Child, role: str, name: str) -> Operation | None:
    """``child set teacher=NAME``: the role's only contact gets the name (a new contact when
    there is none; an empty name removes it). Several of one role: refused, naming them."""
    have = contacts_of_role(child, role)
    if len(have) > 1:
        listed = ", ".join(f"{c.id} ({clean_line(c.name)})" for c in have)
        raise InputError(
            _(
                "{child_id} has {count} contacts as {role}: {listed}; change one with "
                "'iepcheck child contact edit CHILD ID --name …'"
            ).format(child_id=child.id, count=len(have), role=role.lower(), listed=listed)
        )
    if not have:
        if not name:
            return None
        return AddContact(
            Contact(role, name, id=short_id({c.id for c in child.contacts}, prefix="p"))
        )
    if not name and not (have[0].email or have[0].phone):
        return RemoveContact(have[0].id)
    return between("contact", have[0].id, have[0], replace(have[0], name=name))


# -- contacts at the school ------------------------------------------------------------------

CONTACT_FIELDS = ("role", "name", "subject", "email", "phone", "note")


def role_of(text: str) -> str:
    """A role as typed ("teacher", "case_manager", "Case Manager"): its name as the record
    keeps it ("Case manager"), or a sentence listing the roles."""
    said = " ".join(text.strip().replace("_", " ").replace("-", " ").split()).casefold()
    for key, name in ROLE_KEYS.items():
        if said in (key.replace("_", " "), name.casefold()):
            return name
    names = [name.lower() for name in ROLE_KEYS.values()]
    hint = did_you_mean(said, names)
    raise InputError(
        _("'{text}' is not a role.{hint} Roles: {value}").format(
            text=clean_line(text), hint=hint, value=", ".join(names)
        )
    )


def _contact_values(values: Mapping[str, str | None]) -> dict[str, str]:
    """The fields given (None: not given), checked: one line, within their caps."""
    found: dict[str, str] = {}
    for key, value in values.items():
        if value is None:
            continue
        text = role_of(value) if key == "role" else check_text(value, f"--{key}")
        cap = F.CONTACT[key].cap
        if len(text) > cap:
            raise InputError(_("--{key} is longer than {cap} characters").format(key=key, cap=cap))
        found[key] = text
    return found


def add_contact(
    child: Child,
    role: str,
    name: str,
    *,
    subject: str = "",
    email: str = "",
    phone: str = "",
    note: str = "",
) -> AddContact:
    """A new contact at the school (any number of one role: three teachers)."""
    typed = {"role": role, "name": name, "subject": subject, "email": email, "phone": phone}
    values = _contact_values({**typed, "note": note})
    if not values["name"]:
        raise InputError(_("the contact needs a name (a title like 'Science teacher' will do)"))
    new_id = short_id({c.id for c in child.contacts}, prefix="p")
    return AddContact(Contact(id=new_id, **values))


def find_contact(child: Child, contact_id: str) -> Contact:
    """The contact whose id the user gave, or a sentence listing the ids there are."""
    wanted = contact_id.strip()
    found = next((c for c in child.contacts if c.id == wanted), None)
    if found is None:
        ids = ", ".join(f"{c.id} ({clean_line(c.name)})" for c in child.contacts) or "none"
        raise ServiceError(
            _("no contact '{wanted}' for {child_id}; contacts: {ids}").format(
                wanted=clean_line(wanted), child_id=child.id, ids=ids
            )
        )
    return found


def edit_contact(child: Child, contact_id: str, **changes: str | None) -> Operation | None:
    """Only the fields given change (another session's change to any other field stays);
    None when nothing does."""
    old = find_contact(child, contact_id)
    values = _contact_values(changes)
    if "name" in values and not values["name"]:
        raise InputError(_("--name cannot be empty: remove the contact instead"))
    return between("contact", old.id, old, replace(old, **values))


def remove_contact(child: Child, contact_id: str) -> RemoveContact:
    return RemoveContact(find_contact(child, contact_id).id)


def contact_json(contact: Contact) -> dict[str, str]:
    return {"id": contact.id, **{key: getattr(contact, key) for key in CONTACT_FIELDS}}
