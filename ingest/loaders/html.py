"""HTML: the main content of a page as lines, headings as "#" markers, list numbers materialised."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.loaders.numerals import format_number
from ingest.loaders.text import decode_text, tidy

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

# Elements whose text is never part of a policy.
_DROP = ("script", "style", "nav", "noscript", "template", "head", "svg", "form", "button", "aside", "iframe", "dialog")
# Landmark roles that mark page furniture rather than the document.
_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog"})
# Consent and cookie notices are identified by their id/class, as sites build them from widgets.
_NOTICE = re.compile(r"cookie|consent|gdpr|banner|newsletter|skip-link|breadcrumb", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = _HEADINGS | frozenset({"p", "div", "section", "article", "main", "header", "footer", "aside", "nav"})
_BLOCKS |= frozenset({"ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "hr", "br"})
_BLOCKS |= frozenset({"blockquote", "pre", "address", "figure", "figcaption"})
_ROWS = frozenset({"li", "tr", "dt", "dd", "br"})
# Marks an inserted prefix ("3. ", "## ") so it stays on the line of its text when that text is a block (<li><p>).
_PREFIX_END = "\u2063"
_OL_TYPES = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}


def read_html(path: Path, data: bytes) -> tuple[str, tuple[int, ...]]:
    """Return the main content of an HTML page as text lines (no pages)."""
    return tidy(html_to_lines(decode_text(path, data))), ()


def html_to_lines(markup: str) -> list[str]:
    """Return the visible main-content text of an HTML page, one block element per line."""
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(list(_DROP)):
        tag.decompose()
    root = _main_content(soup)
    _drop_furniture(root, whole_page=root.name in ("body", "[document]"))
    for cell in root(["td", "th"]):
        cell.insert_after(NavigableString(" | "))
    _number_lists(root)
    for heading in root(list(_HEADINGS)):
        heading.insert(0, NavigableString("#" * int(heading.name[1]) + " " + _PREFIX_END))
    for tag in root(list(_BLOCKS)):
        gap = "\n\n" if tag.name in _HEADINGS or tag.name == "p" else "\n"
        tag.insert_before(NavigableString(gap))
        if tag.name not in _ROWS:  # consecutive rows and items stay on consecutive lines
            tag.insert_after(NavigableString(gap))
    lines = [line.strip().removesuffix(" |").strip() for line in root.get_text("").split("\n")]
    return _attach_prefixes(lines)


def _attach_prefixes(lines: list[str]) -> list[str]:
    """Join a line that is only an inserted prefix to the next line with text."""
    out: list[str] = []
    pending = ""
    for line in lines:
        if pending and not line:
            continue
        if line.endswith(_PREFIX_END):
            pending += line.removesuffix(_PREFIX_END).strip() + " "
            continue
        out.append((pending + line).replace(_PREFIX_END, ""))
        pending = ""
    return out


def _main_content(soup: BeautifulSoup) -> Tag:
    """Return the element holding the document: <main>, role=main, the longest <article>, else <body>."""
    for candidate in (soup.find("main"), soup.find(role="main")):
        if candidate is not None and not isinstance(candidate, str):
            return candidate
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda article: len(article.get_text()))
    return soup.body or soup


def _drop_furniture(root: Tag, *, whole_page: bool) -> None:
    """Remove banners, landmarks, notices and hidden elements from the content."""
    doomed = []
    for tag in root.find_all(True):
        role = str(tag.get("role") or "").lower()
        marks = " ".join([str(tag.get("id") or ""), *(tag.get("class") or [])])
        hidden = tag.has_attr("hidden") or str(tag.get("aria-hidden")) == "true"
        hidden = hidden or bool(_HIDDEN_STYLE.search(str(tag.get("style") or "")))
        page_banner = whole_page and tag.name in ("header", "footer")
        if role in _DROP_ROLES or hidden or page_banner or (marks.strip() and _NOTICE.search(marks)):
            doomed.append(tag)
    for tag in doomed:
        if not tag.decomposed:
            tag.decompose()


def _number_lists(root: Tag) -> None:
    """Prefix list items with what a browser shows: "- " for <ul>, "3. " / "c. " for <ol>."""
    from bs4 import NavigableString

    for item in root.find_all("li"):
        parent = item.find_parent(["ol", "ul"])
        if parent is None or parent.name == "ul":
            item.insert(0, NavigableString("- " + _PREFIX_END))
            continue
        item.insert(0, NavigableString(f"{_ol_number(parent, item)}. {_PREFIX_END}"))


def _ol_number(ordered: Tag, item: Tag) -> str:
    """Return the number a browser shows for one <li> of an <ol> (start, type, reversed, value)."""
    items = [li for li in ordered.find_all("li") if li.find_parent(["ol", "ul"]) is ordered]
    reverse = ordered.has_attr("reversed")
    start = _int(ordered.get("start"), default=len(items) if reverse else 1)
    value = start
    for position, li in enumerate(items):
        value = _int(li.get("value"), default=value if position == 0 else value + (-1 if reverse else 1))
        if li is item:
            break
    style = _OL_TYPES.get(str(item.get("type") or ordered.get("type") or "1"), "decimal")
    return format_number(value, style)


def _int(raw: object, *, default: int) -> int:
    try:
        return int(str(raw))
    except ValueError:
        return default
