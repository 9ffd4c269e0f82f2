"""Verdict badges: a colour, an icon and a text label per stance (never colour alone)."""

from __future__ import annotations

import html
from dataclasses import dataclass

from assistant.models import Stance


@dataclass(frozen=True, slots=True)
class StanceStyle:
    """How one stance is shown: label, icon name (see ICONS), background colour, text colour, and a one-line gloss."""

    label: str
    icon: str
    background: str
    foreground: str
    gloss: str


# Inline SVG, not emoji: school laptops and headless browsers may lack an emoji font.
_SVG = '<svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" \
stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round" class="pa-icon">{}</svg>'
ICONS = {
    "prohibited": _SVG.format('<circle cx="12" cy="12" r="9"/><path d="M5.7 5.7l12.6 12.6"/>'),
    "discouraged": _SVG.format('<path d="M12 3l10 18H2z"/><path d="M12 10v4"/><path d="M12 17.5v.01"/>'),
    "permitted": _SVG.format('<path d="M4 12.5l5 5L20 6.5"/>'),
    "conditions": _SVG.format('<path d="M3 12.5l4 4 8-9"/><path d="M15 14h6"/><path d="M15 18h6"/>'),
    "required": _SVG.format('<path d="M12 3v18"/><path d="M4.2 7.5l15.6 9"/><path d="M19.8 7.5l-15.6 9"/>'),
    "information": _SVG.format('<circle cx="12" cy="12" r="9"/><path d="M12 11v6"/><path d="M12 7.5v.01"/>'),
    "not_covered": _SVG.format('<path d="M9.2 9a3 3 0 1 1 4.3 2.7c-.9.4-1.5 1.1-1.5 2.1v.7"/><path d="M12 18v.01"/>'),
}

# Dark fills with white text: every pair clears WCAG AA (4.5:1) for normal text; see tests/ui.
STYLES: dict[Stance, StanceStyle] = {
    Stance.PROHIBITED: StanceStyle("Prohibited", "prohibited", "#A4161A", "#FFFFFF", "The policy does not allow this."),
    Stance.DISCOURAGED: StanceStyle(
        "Discouraged", "discouraged", "#8A4500", "#FFFFFF", "The policy advises against this."
    ),
    Stance.PERMITTED: StanceStyle("Permitted", "permitted", "#1B6E35", "#FFFFFF", "The policy allows this."),
    Stance.PERMITTED_WITH_CONDITIONS: StanceStyle(
        "Permitted with conditions", "conditions", "#0B5C8C", "#FFFFFF", "Allowed, if you follow the conditions below."
    ),
    Stance.REQUIRED: StanceStyle("Required", "required", "#5B2A86", "#FFFFFF", "The policy requires this."),
    Stance.INFORMATIONAL: StanceStyle(
        "Information", "information", "#3D4F5C", "#FFFFFF", "What the policy says about this."
    ),
    Stance.NOT_COVERED: StanceStyle(
        "Not covered",
        "not_covered",
        "#595959",
        "#FFFFFF",
        "The policies do not answer this; ask the person named below.",
    ),
}


# No verdict: the answer's confidence is below the threshold, so the reader is shown the clauses, not a Yes/No.
NEUTRAL = StanceStyle(
    "Read the clauses", "information", "#3D4F5C", "#FFFFFF", "No verdict: the match is not certain; read the clauses."
)


def style_for(stance: Stance | str) -> StanceStyle:
    """Return the style of a stance (unknown values read as not covered)."""
    try:
        return STYLES[Stance(stance)]
    except ValueError:
        return STYLES[Stance.NOT_COVERED]


def badge_html(stance: Stance | str, *, verdict: bool = True) -> str:
    """Return the badge as an accessible HTML snippet (role=status, label in text); neutral when no verdict."""
    style = style_for(stance) if verdict else NEUTRAL
    return (
        f'<div class="pa-verdict" role="status" aria-label="Verdict: {html.escape(style.label)}">'
        f'<span class="pa-badge" style="background:{style.background};color:{style.foreground}">'
        f"{ICONS[style.icon]}{html.escape(style.label)}</span>"
        f'<span class="pa-gloss">{html.escape(style.gloss)}</span></div>'
    )


def _luminance(colour: str) -> float:
    """Return the WCAG relative luminance of a #RRGGBB colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """Return the WCAG contrast ratio between two #RRGGBB colours."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
