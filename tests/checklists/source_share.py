"""How many of the bundled checklists' Connecticut sources are the rule's own text.

Run ``python tests/checklists/source_share.py`` from the repository. Of every ``sources`` entry
in ``checklists/*.toml`` (the file's, each item's, each letter's) that is not federal (eCFR,
govinfo/GPO, ed.gov and OCR), it counts those whose address is a Connecticut primary text: a
``ct.gov`` address (portal.ct.gov, cga.ct.gov, eregulations.ct.gov, ...) or a Connecticut
regulation or statute on law.cornell.edu or casetext.com. The tests import the same rules.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

FOLDER = Path(__file__).resolve().parents[2] / "checklists"
FEDERAL_HOSTS = ("ecfr.gov", "govinfo.gov", "gpo.gov", "ed.gov")
CT_TEXT_PATHS = {
    "law.cornell.edu": ("/regulations/connecticut/",),
    "casetext.com": ("/regulation/connecticut-", "/statute/general-statutes-of-connecticut/"),
}


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _is_under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def is_federal(url: str) -> bool:
    """eCFR, govinfo (and the GPO before it), ed.gov with OCR's pages."""
    return any(_is_under(_host(url), domain) for domain in FEDERAL_HOSTS)


def is_ct_primary(url: str) -> bool:
    """A ct.gov address, or a Connecticut regulation or statute on Cornell LII or Casetext."""
    host = _host(url)
    if _is_under(host, "ct.gov"):
        return True
    path = urlsplit(url).path
    return any(
        _is_under(host, domain) and path.startswith(prefixes)
        for domain, prefixes in CT_TEXT_PATHS.items()
    )


def sources(folder: Path = FOLDER) -> Iterator[tuple[str, str, str, str]]:
    """(file, where, title, url) for every ``sources`` entry of every bundled file."""
    for path in sorted(folder.glob("*.toml")):
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        places: list[tuple[str, dict[str, Any]]] = [("top", data)]
        for section in data.get("sections", []):
            places += [(f"item {i.get('id')}", i) for i in section.get("items", [])]
        places += [(f"letter {x.get('id')}", x) for x in data.get("letters", [])]
        for where, table in places:
            for entry in table.get("sources", []):
                yield path.name, where, str(entry.get("title", "")), str(entry.get("url", ""))


def share(folder: Path = FOLDER) -> tuple[int, int]:
    """(Connecticut primary texts, all non-federal entries)."""
    state = [url for *_, url in sources(folder) if not is_federal(url)]
    return sum(is_ct_primary(url) for url in state), len(state)


def main() -> int:
    primary, total = share()
    percent = round(100 * primary / total) if total else 0
    print(f"{percent}% of non-federal sources are Connecticut primary texts ({primary} of {total})")
    if "-v" in sys.argv[1:]:
        for name, where, title, url in sources():
            if not is_federal(url):
                mark = "primary " if is_ct_primary(url) else "other   "
                print(f"{mark}{name} {where}: {title} <{url}>")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
