"""The parent's profile: the name, address, email and phone letters are signed with.

One small file in the data folder (``profile.toml``, 0600), read leniently and never
overwritten when it is damaged or written by a newer iepcheck; keys this iepcheck does not
know are kept.
"""

from __future__ import annotations

import tomllib
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from .. import locations
from ..fileio import atomic_write, describe_os_error, read_regular
from ..textsafe import clean_line
from . import tomlwrite
from .letters import PARENT_KEYS, ParentDetails
from .reading import ProgressError
from .store import Store

FORMAT = 1
MAX_BYTES = 64 * 1024
# Settings kept beside the parent's details: the family's time zone ("today", typed times).
SETTING_KEYS = ("timezone", "language")


def profile_path(data_dir: Path) -> Path:
    return data_dir / "profile.toml"


def _read(path: Path) -> dict[str, Any]:
    try:
        data = read_regular(path, MAX_BYTES, follow_symlinks=False)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ProgressError(path, f"cannot be read ({describe_os_error(exc)})") from None
    if len(data) > MAX_BYTES:
        raise ProgressError(path, "is larger than 64 KiB: not a profile; it was not changed")
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reason = clean_line(str(exc)) if isinstance(exc, tomllib.TOMLDecodeError) else "not UTF-8"
        raise ProgressError(path, f"is damaged ({reason}); it was not changed") from None
    fmt = doc.get("format", FORMAT)
    if isinstance(fmt, bool) or not isinstance(fmt, int) or fmt > FORMAT:
        raise ProgressError(
            path, f"was written by a newer iepcheck (format {fmt}); it was not changed"
        )
    for key in (*PARENT_KEYS, *SETTING_KEYS):
        if key in doc and not isinstance(doc[key], str):
            raise ProgressError(path, f"'{key}' should be text; the file was not changed")
    return doc


def load_profile(data_dir: Path) -> ParentDetails:
    """The profile's details (empty when there is none yet). Raises ProgressError."""
    doc = _read(profile_path(data_dir))
    return ParentDetails(**{k: doc.get(k, "") for k in PARENT_KEYS})


def load_settings(data_dir: Path) -> dict[str, str]:
    """The profile's settings as written (``timezone``…), unchecked. Raises ProgressError."""
    doc = _read(profile_path(data_dir))
    return {k: doc[k] for k in SETTING_KEYS if k in doc}


def update_profile(store: Store, **changes: str) -> ParentDetails:
    """Set some fields or settings of the profile (an empty value clears one), under a lock."""
    unknown = set(changes) - set(PARENT_KEYS) - set(SETTING_KEYS)
    if unknown:
        raise ValueError(f"not a profile field: {', '.join(sorted(unknown))}")
    path = profile_path(store.data_dir)
    if problem := locations.not_private(store.data_dir):
        raise ProgressError(path, f"not saved: {problem}")
    locations.ensure_private_dir(store.data_dir)
    with store.locked(store.data_dir / ".profile.lock", path, store.lock_wait):
        doc = _read(path)
        details = ParentDetails(**{k: doc.get(k, "") for k in PARENT_KEYS})
        details = replace(details, **{k: v for k, v in changes.items() if k in PARENT_KEYS})
        doc = {k: v for k, v in doc.items() if k not in PARENT_KEYS and k != "format"}
        for key in SETTING_KEYS:
            if key in changes:
                doc.pop(key, None)
                if changes[key]:
                    doc[key] = changes[key]
        out: dict[str, Any] = {"format": FORMAT}
        out.update({f.name: getattr(details, f.name) for f in fields(details)})
        out = {k: v for k, v in out.items() if v != ""}
        out.update(doc)
        try:
            atomic_write(path, tomlwrite.dumps(out).encode("utf-8"))
        except OSError as exc:
            raise ProgressError(
                path, f"could not be saved ({describe_os_error(exc)}); it was not changed"
            ) from None
    return details


# -- settings: what the profile holds besides the parent's details ---------------------------

FILES_KEY = "files"  # the folder for letters, exports and backups written without a file named


def load_setting(data_dir: Path, key: str) -> str:
    """A setting of the profile ('' when it is not set). Raises ProgressError."""
    path = profile_path(data_dir)
    value = _read(path).get(key, "")
    if not isinstance(value, str):
        raise ProgressError(path, f"'{key}' should be text; the file was not changed")
    return value


def update_setting(store: Store, key: str, value: str) -> None:
    """Set one setting of the profile (an empty value clears it), under a lock; the parent's
    details and every other key are kept as they are."""
    if key in PARENT_KEYS or key == "format":
        raise ValueError(f"not a setting: {key}")
    path = profile_path(store.data_dir)
    if problem := locations.not_private(store.data_dir):
        raise ProgressError(path, f"not saved: {problem}")
    locations.ensure_private_dir(store.data_dir)
    with store.locked(store.data_dir / ".profile.lock", path, store.lock_wait):
        doc = _read(path)
        doc.setdefault("format", FORMAT)
        if value:
            doc[key] = value
        else:
            doc.pop(key, None)
        try:
            atomic_write(path, tomlwrite.dumps(doc).encode("utf-8"))
        except OSError as exc:
            raise ProgressError(
                path, f"could not be saved ({describe_os_error(exc)}); it was not changed"
            ) from None
