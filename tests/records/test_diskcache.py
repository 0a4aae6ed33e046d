"""The parse cache: used only for the very file it was made from, and never trusted further
than plain data and the classes a caller names."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from iepcheck import diskcache
from iepcheck.records.store import CACHE_FROM, Store


class Evil:
    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, ("echo pwned > /tmp/iepcheck-pwned",))


def test_only_named_classes_are_unpickled(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text("x")
    stamp = diskcache.stamp_of(path)
    assert stamp is not None
    diskcache.put("records", path, stamp, {"a": 1})
    assert diskcache.get("records", path, stamp, frozenset()) == {"a": 1}
    entry = next((Path(os.environ["XDG_CACHE_HOME"]) / "iepcheck" / "records").glob("*.pickle"))
    entry.write_bytes(pickle.dumps(Evil()))
    assert diskcache.get("records", path, stamp, frozenset()) is None
    assert not Path("/tmp/iepcheck-pwned").exists()
    entry.write_bytes(b"not a pickle")
    assert diskcache.get("records", path, stamp, frozenset()) is None


def test_a_changed_record_is_parsed_again(data_dir: Path) -> None:
    store = Store(data_dir)
    child = store.create("Sam")
    store.update(child.id, lambda c: setattr(c, "school", "x" * CACHE_FROM))
    assert store.load(child.id).school == "x" * CACHE_FROM  # from the cache, after the save
    path = store.path(child.id)
    text = path.read_text().replace("x" * CACHE_FROM, "y" * CACHE_FROM)
    path.write_text(text)  # changed behind the app's back: a new inode and size
    assert store.load(child.id).school == "y" * CACHE_FROM


def test_caches_are_written_without_waiting_for_the_disk_and_records_are_not(
    data_dir: Path, monkeypatch
) -> None:
    """A cold start wrote hundreds of cache files, each fsynced (0.3 s of 6 for 200
    children): a cache is not worth the wait; a record still is."""
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    path = data_dir / "x.toml"
    data_dir.mkdir(parents=True, exist_ok=True)
    path.write_text("x")
    stamp = diskcache.stamp_of(path)
    assert stamp is not None
    diskcache.put("records", path, stamp, {"a": 1})
    assert diskcache.get("records", path, stamp, frozenset()) == {"a": 1}
    assert synced == []
    Store(data_dir).create("Sam")
    assert len(synced) >= 2  # the record's file and its folder
