"""The printable HTML page a parent hands to the school, an advocate or OCR.

One self-contained file: no fonts, scripts, images or styles from anywhere else, every text
escaped, links only to http(s) addresses. Laid out for the screen and for paper: a header with
the child and the period, tables that never break inside a row, headings kept with what
follows, and meanings that read in black and white (a symbol and a word, colour only on top).
"""

from __future__ import annotations

import re
from html import escape

from ..i18n import _, language
from .blocks import MARK_TONES, TONES, Block, Cell, Column, Line, Part

_CSS = """
:root{--ink:#1d2733;--muted:#56606b;--rule:#cdd3da;--soft:#f4f6f8;--band:#e8edf2;
--late:#a11d2b;--ok:#1d6a39;--warn:#8a5300}
*{box-sizing:border-box}
html{background:#e7eaee;color-scheme:light;font-size:15px}
body{font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--ink);background:#fff;max-width:62rem;margin:2rem auto;padding:2.5rem 3rem 2rem;
box-shadow:0 1px 3px rgba(0,0,0,.15),0 6px 24px rgba(0,0,0,.06);border-radius:3px}
header.head{border-bottom:2px solid var(--ink);padding-bottom:1.1rem;margin-bottom:.5rem}
.kicker{margin:0;font-size:.78rem;letter-spacing:.09em;text-transform:uppercase;color:var(--muted);
font-weight:600}
h1{font-size:2rem;line-height:1.2;margin:.15rem 0 .9rem;letter-spacing:-.01em}
dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:.3rem 2rem;
margin:0}
dl.facts div{display:flex;gap:.75rem;min-width:0}
dl.facts dt{flex:0 0 5.2rem;color:var(--muted)}
dl.facts dd{margin:0;font-weight:600;min-width:0;overflow-wrap:anywhere}
table.people{margin:1rem 0 0;font-size:.88rem}
table.people caption{text-align:left;font-weight:600;color:var(--muted);padding-bottom:.2rem;
font-size:.78rem;letter-spacing:.06em;text-transform:uppercase}
.aside{margin:.6rem 0 0;font-size:.88rem;color:var(--muted)}
h2{font-size:1.3rem;line-height:1.3;margin:2.2rem 0 .7rem;padding-bottom:.3rem;
border-bottom:1px solid var(--rule)}
h3{font-size:1.06rem;line-height:1.35;margin:1.6rem 0 .25rem}
h4{font-size:1rem;margin:1.2rem 0 .2rem}
p{margin:.35rem 0}
p.meta{margin:.1rem 0 .45rem;font-size:.86rem;color:var(--muted)}
ul{margin:.2rem 0 .6rem;padding-left:1.3rem}
li{margin:.12rem 0}
ul.checks{list-style:none;padding-left:.2rem}
table{width:100%;border-collapse:collapse;margin:.35rem 0 1.1rem;font-size:.9rem}
caption{caption-side:top}
th,td{text-align:left;vertical-align:top;padding:.38rem .55rem;border-bottom:1px solid var(--rule)}
thead th{font-size:.74rem;letter-spacing:.06em;text-transform:uppercase;color:var(--muted);
font-weight:700;border-bottom:1.5px solid var(--ink);padding-top:.2rem;padding-bottom:.3rem}
tbody tr:nth-child(even) td{background:var(--soft)}
tr.group th{background:var(--band);font-size:.84rem;font-weight:700;padding:.3rem .55rem;
border-bottom:1px solid var(--rule)}
td.date,th.date{white-space:nowrap;width:1%}
td.state,th.state{white-space:nowrap;width:1%}
th.notes{width:24%}
th.wide{width:42%}
td .part+.part{margin-top:.2rem}
.tone{font-weight:600}
.tone.open{font-weight:400}
.sym{display:inline-block;min-width:1.2em;font-weight:700}
.quiet{font-size:.86em;color:var(--muted)}
.dim{color:var(--muted)}
.late,.missed,.overdue{color:var(--late)}
.on-time,.done,.answered{color:var(--ok)}
.decide{color:var(--warn)}
.skipped{color:var(--muted)}
tr.row-overdue td:first-child,tr.row-missed td:first-child,tr.row-late td:first-child{
box-shadow:inset 3px 0 0 var(--late)}
tr.row-skipped td{color:var(--muted)}
.letter{border:1px solid var(--rule);border-radius:3px;padding:.9rem 1.2rem;margin:.4rem 0 1.2rem;
font-size:.93rem;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.letter p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;min-height:1.5em}
.letter p.subject{font-weight:700;margin-bottom:.5rem}
figure{margin:.5rem 0 1rem}
svg.chart{display:block;max-width:100%;height:auto}
footer.foot{margin-top:2.5rem;padding-top:.6rem;border-top:1px solid var(--rule);font-size:.8rem;
color:var(--muted)}
footer.foot p{margin:.15rem 0}
.key span{white-space:nowrap;margin-right:1.1rem}
a{color:inherit;text-decoration:underline;text-decoration-color:#9aa5b1;text-underline-offset:2px}
@page{margin:15mm 14mm 17mm}
@media print{
html{background:none;font-size:10pt}
body{max-width:none;margin:0;padding:0;box-shadow:none;border-radius:0}
h2{margin-top:1.5rem}
h3{margin-top:1.1rem}
tbody tr:nth-child(even) td{background:none}
h1,h2,h3,h4,p.meta,p.lead,caption,tr.group{break-after:avoid;page-break-after:avoid}
tr,figure,svg,li,dl.facts div,.letter p{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
a{text-decoration:none}
}
@media screen and (max-width:44rem){
body{margin:0;padding:1.2rem 1rem;box-shadow:none;border-radius:0}
h1{font-size:1.6rem}
table,tbody,tr,td,th{display:block;width:auto}
thead{display:none}
tr{padding:.35rem 0;border-bottom:1px solid var(--rule)}
tbody tr:nth-child(even) td{background:none}
td{border:0;padding:.05rem .2rem}
td:empty{display:none}
td[data-label]::before{content:attr(data-label);display:block;font-size:.7rem;font-weight:700;
letter-spacing:.06em;text-transform:uppercase;color:var(--muted)}
td.state::before,td.date::before,td.main::before,table.people td::before{display:none}
tr.group th{margin-top:.4rem}
table.people caption{display:block}
}
"""


def _css_string(text: str) -> str:
    """Text as a CSS string: everything but plain letters escaped (it cannot end the style)."""
    safe = (c if (c.isalnum() and c.isascii()) or c in " .,:;-" else f"\\{ord(c):x} " for c in text)
    return '"' + "".join(safe) + '"'


def _page_css(running: str) -> str:
    """The running footer on every printed page: what this is, and the page's number."""
    return (
        "@page{@bottom-left{content:"
        + _css_string(running)
        + ";font:8pt system-ui,sans-serif;color:#56606b}@bottom-right{content:"
        + _page_number()
        + ";font:8pt system-ui,sans-serif;color:#56606b}}"
    )


def _page_number() -> str:
    """'"Page " counter(page) " of " counter(pages)': the words in the user's language, the
    numbers CSS counters put in where the translation places them."""
    words = _("Page {page} of {pages}")
    out = []
    for piece in re.split(r"(\{page\}|\{pages\})", words):
        if piece in ("{page}", "{pages}"):
            out.append(f"counter({piece[1:-1]})")
        elif piece:
            out.append(_css_string(piece))
    return " ".join(out)


def _text(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _link(title: str, url: str) -> str:
    """A link when the address is http(s); the words alone otherwise."""
    if url.lower().startswith(("https://", "http://")):
        return f'<a href="{escape(url)}">{escape(title)}</a>'
    return escape(title)


def _toned(text: str, tone: str) -> str:
    if tone not in TONES:
        return _text(text)
    symbol = TONES[tone][0]
    return (
        f'<span class="tone {tone}"><span class="sym" aria-hidden="true">{symbol}</span>'
        f"{_text(text)}</span>"
    )


def _part(part: Part) -> str:
    words = _link(part.text, part.href) if part.href else _toned(part.text, part.tone)
    look = f" {part.tone}" if part.tone in ("quiet", "dim") else ""
    return f'<div class="part{look}">{words}</div>'


def _cell(value: str | Cell, column: Column) -> str:
    # The column's name goes with each cell: a narrow screen shows the row as a list of them.
    attrs = (
        f' class="{column.kind}"' if column.kind else ""
    ) + f' data-label="{escape(_(column.title))}"'
    if isinstance(value, str):
        return f"<td{attrs}>{_text(value)}</td>"
    return f"<td{attrs}>{''.join(_part(p) for p in value.parts if p.text)}</td>"


def _table(block: Block) -> list[str]:
    """A block with columns: what is said above it, its rows, what is said under it."""
    rows = [n for n, line in enumerate(block.lines) if line.cells]
    if not rows:
        return [f'<p class="meta">{_text(x.text)}</p>' for x in block.lines if x.depth == 0]
    # A section's title just before the first row heads that row; what comes before is said
    # above the table.
    first = rows[0]
    while first > 0 and block.lines[first - 1].tone == "group":
        first -= 1
    out = [f'<p class="meta">{_text(x.text)}</p>' for x in block.lines[:first] if x.depth == 0]
    width = len(block.columns)
    heads = "".join(f'<th scope="col"{_kind(c)}>{escape(_(c.title))}</th>' for c in block.columns)
    out.append(f'<div class="scroll"><table><thead><tr>{heads}</tr></thead><tbody>')
    after: list[str] = []
    for line in block.lines[first : rows[-1] + 1]:
        if line.cells:
            cells = list(line.cells)[:width] + [""] * (width - len(line.cells))
            tone = f' class="row-{line.tone}"' if line.tone in TONES else ""
            out.append(
                f"<tr{tone}>"
                + "".join(_cell(v, c) for v, c in zip(cells, block.columns, strict=True))
                + "</tr>"
            )
        elif line.tone == "group":
            out.append(
                f'<tr class="group"><th colspan="{width}" scope="colgroup">'
                f"{_text(line.text)}</th></tr>"
            )
        elif line.depth == 0:
            after.append(f'<p class="meta">{_text(line.text)}</p>')
    out.append("</tbody></table></div>")
    rest = block.lines[rows[-1] + 1 :]
    return out + after + [f'<p class="meta">{_text(x.text)}</p>' for x in rest if x.depth == 0]


def _kind(column: Column) -> str:
    return f' class="{column.kind}"' if column.kind else ""


def _header(block: Block) -> list[str]:
    out = ['<header class="head">']
    if block.kicker:
        out.append(f'<p class="kicker">{escape(block.kicker)}</p>')
    out.append(f"<h1>{escape(block.name or block.title)}</h1>")
    facts = [line for line in block.lines if len(line.cells) == 2]
    people = [line for line in block.lines if len(line.cells) == 4]
    if facts:
        out.append('<dl class="facts">')
        for line in facts:
            label, value = (c if isinstance(c, str) else "" for c in line.cells)
            out.append(f"<div><dt>{escape(label)}</dt><dd>{_text(value)}</dd></div>")
        out.append("</dl>")
    if people:
        heads = "".join(
            f'<th scope="col">{escape(word)}</th>'
            for word in (_("Role"), _("Name"), _("Email"), _("Phone"))
        )
        out.append(
            '<table class="people"><caption>'
            + escape(_("People at the school"))
            + "</caption>"
            + f"<thead><tr>{heads}</tr></thead><tbody>"
        )
        for line in people:
            out.append(
                "<tr>"
                + "".join(f"<td>{_text(c)}</td>" for c in line.cells if isinstance(c, str))
                + "</tr>"
            )
        out.append("</tbody></table>")
    for line in block.lines:
        if not line.cells:
            out.append(f'<p class="aside">{_text(line.text)}</p>')
    out.append("</header>")
    return out


def _letter(block: Block) -> list[str]:
    out = [f"<h3>{escape(block.title)}</h3>", '<div class="letter">']
    for n, line in enumerate(block.lines):
        subject = n == 0 and line.tone == "subject"
        out.append(
            f'<p class="subject">{escape(line.text)}</p>'
            if subject
            else f"<p>{escape(line.text)}</p>"
        )
    out.append("</div>")
    return out


def _lines(lines: list[Line]) -> list[str]:
    """Lines as paragraphs and (nested by depth) lists; a checklist's marks as boxes."""
    out: list[str] = []
    open_lists = 0
    for line in lines:
        if line.depth == 0 and not line.mark:
            out += ["</ul>"] * open_lists
            open_lists = 0
            out.append(f"<p>{_text(line.text)}</p>")
            if line.svg:
                out.append(f"<figure>{line.svg}</figure>")
        else:
            depth = max(line.depth, 1)
            while open_lists < depth:
                out.append('<ul class="checks">' if line.mark else "<ul>")
                open_lists += 1
            while open_lists > depth:
                out.append("</ul>")
                open_lists -= 1
            figure = f"<figure>{line.svg}</figure>" if line.svg else ""  # inside the item
            out.append(f"<li>{_toned(line.text, MARK_TONES.get(line.mark, ''))}{figure}</li>")
    out += ["</ul>"] * open_lists
    return out


def _key(blocks: list[Block]) -> str:
    """The symbols this page shows, each in words."""
    used: set[str] = set()
    for block in blocks:
        if block.kind == "text":
            continue
        for line in block.lines:
            used.add(line.tone)
            used.update(p.tone for c in line.cells if isinstance(c, Cell) for p in c.parts)
            if not block.columns:
                used.add(MARK_TONES.get(line.mark, ""))
    spans = [
        f"<span>{symbol} {escape(_(word))}</span>"
        for t, (symbol, word) in TONES.items()
        if t in used
    ]
    return '<p class="key">' + "".join(spans) + "</p>" if spans else ""


def to_html(blocks: list[Block], title: str, footer: str = "") -> str:
    """The blocks as one printable page; ``footer``: a last word under everything."""
    body: list[str] = []
    for block in blocks:
        if block.kind == "header":
            body += _header(block)
            body.append("<main>")
            continue
        if block.kind == "letter":
            body += _letter(block)
            continue
        if block.kind == "text":
            continue  # the page says the same elsewhere
        level = min(max(block.level, 2), 4)
        body.append(f"<h{level}>{escape(block.title)}</h{level}>")
        body += _table(block) if block.columns else _lines(block.lines)
    if blocks and blocks[0].kind == "header":
        body.append("</main>")
    foot = [_key(blocks)] + ([f"<p>{escape(footer)}</p>"] if footer else [])
    body.append('<footer class="foot">' + "".join(foot) + "</footer>")
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{"es" if language() == "es" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}{_page_css(title)}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join(head + body + ["</body>", "</html>"]) + "\n"
