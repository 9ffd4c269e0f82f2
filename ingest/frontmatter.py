"""Front matter: title, organisation, dates, people and contacts before the first clause."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

_MONTH_NAMES = "january february march april may june july august september october november december"
MONTHS = {name: index for index, name in enumerate(_MONTH_NAMES.split(" "), start=1)}
TITLE_WORDS = re.compile(r"\b(policy|advice|guidance|procedure|code of conduct|handbook|guidelines)\b", re.I)
ORG_WORDS = re.compile(r"\b(school|academy|trust|college|ltd|limited|council|partnership)\b", re.I)
HONORIFIC = re.compile(r"^(mr|mrs|ms|miss|dr|prof)\.?\s+", re.I)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+?\d[\d ]{8,}\d")

POLICY_DATE_KEYS = ("policy date", "date adopted", "date", "issue date", "effective date")
REVIEW_DATE_KEYS = ("policy review date", "next review", "review date", "next review date")
# Past-tense adoption words schools put before a policy's date ("Date approved", "Ratified", "Adopted on").
POLICY_DATE_WORDS = re.compile(r"\b(date|approved|adopted|ratified|issued|effective|published)\b", re.I)
NEXT_REVIEW = re.compile(r"\b(next review|review due|due for review|to be reviewed|review date)\b", re.I)
PEOPLE_KEYS = ("author", "chair of governors", "headteacher", "head teacher", "principal", "ceo", "approved by")
VERSION_CELL = re.compile(r"v?\d{1,2}(?:\.\d{1,2}){0,2}", re.I)
DATE_CELL = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|[A-Z][a-z]+ \d{4}")
LABEL_CELL = re.compile(r"[A-Z][A-Za-z/&' -]{1,40}")
RELATED_LEAD = re.compile(r"to be read in conjunction with|should be read in conjunction with", re.I)


@dataclass(slots=True)
class FrontMatter:
    """What the lines before the first clause say about the document."""

    title: str = ""
    organisation: str | None = None
    policy_date: str | None = None
    review_date: str | None = None
    version: str | None = None
    author: str | None = None
    people: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)


def parse_date(value: str) -> str | None:
    """Turn "September 2025", "17/12/2024" or "01.09.25" into ISO "2025-09" / "2024-12-17"."""
    value = value.strip()
    month_year = re.fullmatch(r"([A-Za-z]+)\s+(\d{4})", value)
    if month_year and month_year.group(1).lower() in MONTHS:
        return f"{int(month_year.group(2)):04d}-{MONTHS[month_year.group(1).lower()]:02d}"
    written = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+),?\s+(\d{4})", value)
    if written and written.group(2).lower() in MONTHS and 1 <= int(written.group(1)) <= 31:
        day, month, year = int(written.group(1)), MONTHS[written.group(2).lower()], int(written.group(3))
        return f"{year:04d}-{month:02d}-{day:02d}"
    dmy = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})", value)
    if dmy:
        day, month, year = (int(part) for part in dmy.groups())
        year = year + 2000 if year < 100 else year
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def history_cells(line: str) -> list[str] | None:
    """Return the cells of a version-history table row ("1.1 | 01/09/2024 | Change"), else None."""
    if "|" not in line:
        return None
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    if len(cells) >= 2 and VERSION_CELL.fullmatch(cells[0]) and any(DATE_CELL.search(cell) for cell in cells[1:]):
        return cells
    return None


def _key_values(line: str) -> list[tuple[str, str]]:
    """Split a front-matter line (table row, tab-separated or "Key: value") into pairs."""
    if line.startswith("|") or " | " in line:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not any(":" in cell for cell in cells):
            return _label_value_cells(cells)
        pairs: list[tuple[str, str]] = []
        index = 0
        while index < len(cells):
            cell = cells[index]
            if cell.endswith(":"):
                value = cells[index + 1] if index + 1 < len(cells) else ""
                pairs.append((cell[:-1].strip(), value))
                index += 2
                continue
            if ":" in cell:
                key, _, value = cell.partition(":")
                pairs.append((key.strip(), value.strip()))
            index += 1
        return pairs
    if "\t" in line:
        key, _, value = line.partition("\t")
        return [(key.strip(), value.strip())]
    match = re.fullmatch(r"([A-Z][A-Za-z ]{1,30}?)(?::|\.)\s+(.+)", line.strip())
    if match and not line.strip().endswith("."):
        return [(match.group(1).strip(), match.group(2).strip())]
    return []


def _label_value_cells(cells: list[str]) -> list[tuple[str, str]]:
    """Pair the cells of a label | value table row ("Date approved | 12 March 2025"), else none."""
    labels, values = cells[0::2], cells[1::2]
    if len(cells) % 2 or not all(LABEL_CELL.fullmatch(label) for label in labels):
        return []
    # Wider rows pair up only when every value holds data, so a "Version | Date | Author | Change" header is no pair.
    if len(cells) > 2 and not all(re.search(r"[\d@]", value) for value in values):
        return []
    return list(zip(labels, values, strict=True))


def _person(value: str) -> str | None:
    name = HONORIFIC.sub("", value.strip())
    return name if re.fullmatch(r"[A-Z][a-z'-]+(?: [A-Z][a-z'-]+)+", name) else None


def _apply_pair(front: FrontMatter, key: str, value: str) -> None:
    lowered = key.lower()
    if not value:
        return
    if lowered in REVIEW_DATE_KEYS or NEXT_REVIEW.search(lowered):
        front.review_date = front.review_date or parse_date(value)
    elif lowered in POLICY_DATE_KEYS or (POLICY_DATE_WORDS.search(lowered) and parse_date(value)):
        front.policy_date = front.policy_date or parse_date(value)
    elif lowered in ("company name", "organisation", "organization", "school", "academy", "trust"):
        front.organisation = re.sub(r"\s*\(.*?\)\s*$", "", value).strip()
    elif lowered == "version":
        front.version = value
    elif lowered == "policy name" and not front.title:
        front.title = value
    elif lowered in ("email", "e-mail", "tel", "telephone", "phone"):
        front.contacts.append(value)
    if lowered in PEOPLE_KEYS:
        front.author = front.author or (value if lowered == "author" else None)
        person = _person(value)
        if person and person not in front.people:
            front.people.append(person)
    front.extra.append((key, value))


def _organisation_line(line: str) -> str | None:
    letters = [char for char in line if char.isalpha()]
    if letters and all(char.isupper() for char in letters) and ORG_WORDS.search(line) and len(line) < 80:
        return " ".join(word.capitalize() if word.lower() != "the" else "The" for word in line.split())
    return None


def parse_front_matter(lines: Sequence[str]) -> FrontMatter:
    """Read title, organisation, dates, people, contacts and related documents from front-matter lines."""
    front = FrontMatter()
    related_mode = False
    for raw in lines:
        line = raw.strip().lstrip("*").strip()
        if not line or set(line) <= set("|-: "):
            continue
        if RELATED_LEAD.search(line):
            related_mode = True
            continue
        history = history_cells(line)
        if history:  # rows run oldest to newest: the last one is the current version
            front.version = history[0]
            front.extra.append(("Version history", " | ".join(history)))
            continue
        pairs = _key_values(raw.strip())
        if pairs:
            for key, value in pairs:
                _apply_pair(front, key, value)
            continue
        if related_mode:
            front.related.append(line)
            continue
        organisation = _organisation_line(line)
        if organisation:
            front.organisation = front.organisation or organisation
        elif not front.title and TITLE_WORDS.search(line) and len(line) <= 120 and not line.endswith("."):
            front.title = line
    for found in EMAIL.findall(" ".join(front.contacts)) + PHONE.findall(" ".join(front.contacts)):
        if found not in front.contacts:
            front.contacts.append(found)
    return front
