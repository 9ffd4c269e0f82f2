"""Word automatic numbering: numbering.xml definitions and the counters that turn them into typed numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ingest.loaders.numerals import format_number

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PLACEHOLDER = re.compile(r"%([1-9])")


def wval(element: Any, tag: str) -> str | None:
    """Return the w:val of a child element, or None when the child is absent."""
    child = element.find(f"{W}{tag}") if element is not None else None
    return None if child is None else child.get(f"{W}val")


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a list definition: start value, number format, text pattern, restart rule."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: restart after levels above this one (1-based); 0 = never
    style: str | None = None  # w:pStyle: the paragraph style linked to this level
    legal: bool = False  # w:isLgl: every number of the label in decimal ("1.1" under "I.")


def _level(element: Any) -> Level:
    restart = wval(element, "lvlRestart")
    return Level(
        start=int(wval(element, "start") or 1),
        fmt=wval(element, "numFmt") or "decimal",
        text=wval(element, "lvlText") or "",
        restart=int(restart) if restart is not None else None,
        style=wval(element, "pStyle"),
        legal=element.find(f"{W}isLgl") is not None and wval(element, "isLgl") not in ("0", "false"),
    )


def _levels(parent: Any) -> dict[int, Level]:
    return {int(lvl.get(f"{W}ilvl", "0")): _level(lvl) for lvl in parent.findall(f"{W}lvl")}


@dataclass(frozen=True, slots=True)
class ListInstance:
    """A w:num: the abstract definition it uses and its per-level overrides."""

    abstract: str
    starts: dict[int, int]
    levels: dict[int, Level]


@dataclass(slots=True)
class Numbering:
    """All list definitions of a document, and the running counters of its lists."""

    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    instances: dict[str, ListInstance] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_xml(cls, root: Any | None, *, style_lists: dict[str, str] | None = None) -> Numbering:
        """Read numbering.xml (None when the document has no lists).

        ``style_lists`` maps numbering-style ids to their numId: an abstract list that only names a list style
        (w:numStyleLink) takes that style's levels.
        """
        numbering = cls()
        if root is None:
            return numbering
        links: dict[str, str] = {}
        for abstract in root.findall(f"{W}abstractNum"):
            abstract_id = abstract.get(f"{W}abstractNumId", "")
            numbering.abstracts[abstract_id] = _levels(abstract)
            link = wval(abstract, "numStyleLink")
            if link is not None:
                links[abstract_id] = link
        for num in root.findall(f"{W}num"):
            starts: dict[int, int] = {}
            levels: dict[int, Level] = {}
            for override in num.findall(f"{W}lvlOverride"):
                ilvl = int(override.get(f"{W}ilvl", "0"))
                start = wval(override, "startOverride")
                if start is not None:
                    starts[ilvl] = int(start)
                levels.update(_levels(override))
            abstract_id = wval(num, "abstractNumId") or ""
            numbering.instances[num.get(f"{W}numId", "")] = ListInstance(abstract_id, starts, levels)
        for abstract_id, style in links.items():
            target = numbering.instances.get((style_lists or {}).get(style, ""))
            if target is not None and not numbering.abstracts[abstract_id]:
                numbering.abstracts[abstract_id] = numbering.abstracts.get(target.abstract, {})
        return numbering

    def level_for_style(self, num_id: str, style_id: str) -> int:
        """Return the level a style-linked paragraph takes (the level naming the style, else 0)."""
        instance = self.instances.get(num_id)
        levels = self.abstracts.get(instance.abstract, {}) if instance else {}
        return next((ilvl for ilvl, level in levels.items() if level.style == style_id), 0)

    def next_label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the list's counter at ``ilvl`` and return the label a reader sees ("2.3.", "b)", "-")."""
        instance = self.instances.get(num_id)
        if instance is None or num_id == "0":
            return None
        levels = {**self.abstracts.get(instance.abstract, {}), **instance.levels}
        level = levels.get(ilvl)
        if level is None:
            return None
        # Lists sharing an abstract definition continue each other; a w:num that restarts counts alone.
        key = f"num:{num_id}" if instance.starts else f"abstract:{instance.abstract}"
        counters = self.counters.setdefault(key, {})
        start = instance.starts.get(ilvl, level.start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [depth for depth in counters if depth > ilvl]:
            bound = levels[deeper].restart if deeper in levels else None
            if bound is None or (bound != 0 and ilvl < bound):
                del counters[deeper]
        if level.fmt == "bullet":
            return "-"
        if level.fmt == "none":
            return ""

        def number(match: re.Match[str]) -> str:
            depth = int(match.group(1)) - 1
            shown = levels.get(depth, Level())
            value = counters.get(depth, instance.starts.get(depth, shown.start))
            return format_number(value, "decimal" if level.legal else shown.fmt)

        return _PLACEHOLDER.sub(number, level.text).strip()
