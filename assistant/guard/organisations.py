"""Recognizers for the school's identity: configured names, school-name shapes and indirect identification."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.guard.config import GENERIC_ORG_WORDS, GuardConfig
from assistant.guard.normalise import View, compact, key, word_set
from assistant.guard.verdict import Category, Finding

_KINDS = (
    r"(?:Primary|Secondary|Infants?|Juniors?|Nursery|High|Grammar|Academy|School|College|Trust|Federation"
    r"|Partnership|Sixth Form|Studio School|Free School|Church School|C\.? ?of\.? ?E|CE|RC|Catholic)"
)
# "Oakwood Academy", "St Mary's C of E Primary", "Teachers Together Ltd": proper words, then a school-type word.
_SHAPE = re.compile(
    rf"\b((?:(?:St\.?|Saint|Holy|Our Lady)\s+)?(?:[A-Z][\w'&-]*\s+(?:(?:and|of|on|the|upon|in)\s+)?){{1,4}})"
    rf"({_KINDS}(?:\s+{_KINDS})*|Ltd|Limited|plc)\b"
)
_LOWER_SHAPE = re.compile(
    r"\b(?:at|from|of|for|attends?|attending|called|named|visit(?:ing)?|join(?:ing|ed)?|leaving|left|head of)\s+"
    r"((?:st\.?\s+)?(?:[a-z][a-z'&-]+\s+){1,3})"
    r"(primary|secondary|infants?|juniors?|nursery|high|grammar|academy|school|college|trust|federation|ltd)\b"
)
_INDIRECT = re.compile(
    r"\b(?:the|our)\s+(?:only|one|sole|single|largest|biggest|smallest|oldest|newest|first|last|main|\w+est)\s+"
    r"(?:[\w'’-]+\s+){0,4}?(?:school|academy|primary|secondary|college|grammar|comprehensive|special school|"
    r"church school|free school|trust)s?\b\s+(?:in|of|near|at|on|for|serving)\s+(?:the\s+)?([A-Za-z][\w'-]+)",
    re.IGNORECASE,
)
_PLACE_SCHOOL = re.compile(
    r"\b(?:school|academy|primary)\s+(?:on|off|next to|opposite|by)\s+(?:the\s+)?[A-Z][\w'-]+"
    r"(?:\s+[A-Z][\w'-]+)?\s+(?:Road|Street|Lane|Avenue|Close|Drive|Way|Estate|Green|Hill|Park|Common)\b",
    re.IGNORECASE,
)
_NOT_PLACES = frozenset({"the", "a", "an", "country", "uk", "england", "world", "area", "region", "county", "town"})
# Lower-case words that may stand before "school" without naming one ("my old school", "a new academy").
_COMMON_WORDS = (
    word_set(
        """
    my our your his her their its this that these those every each any some no other another same whole old new
    current previous former next last first local nearby small large big good bad outstanding failing rural urban
    inner city village town county state private public boarding day mainstream special faith religious single sex
    mixed girls boys all through middle upper lower main senior prep preparatory selective comprehensive average
    typical particular different similar one two three all-through age the a an in-house english british welsh
    scottish irish which what whose rival partner feeder sister neighbouring receiving sending host home secure
    multi-academy multiacademy academy trust school schools
    """
    )
    | GENERIC_ORG_WORDS
)


def find_organisations(view: View, config: GuardConfig, *, original: str = "") -> list[Finding]:
    """Find named or indirectly identified schools, trusts and employers in the deobfuscated text."""
    public = _public_spans(view, config)
    found = [*_configured(view, config, original), *_shapes(view), *_indirect(view)]
    return [f for f in found if not any(s <= f.start and f.end <= e for s, e in public)]


def public_spans(view: View, config: GuardConfig) -> list[tuple[int, int]]:
    """Return original-text spans of allow-listed public names (Oak National Academy, platforms, public figures)."""
    return _public_spans(view, config)


def _public_spans(view: View, config: GuardConfig) -> list[tuple[int, int]]:
    packed = compact(view.text)
    return [
        view.span(*packed.span(s, e))
        for k in config.public_keys
        for s, e in _key_hits(packed.text, k)
        if _bounded(view.text, packed, s, e)
    ]


def _configured(view: View, config: GuardConfig, original: str) -> Iterator[Finding]:
    packed = compact(view.text)
    kinds = {key(n) for n in config.organisations if _KIND_WORD.search(n)}
    multiword = {key(n) for n in config.organisations if len(n.split()) > 1}
    for name_key in config.organisation_keys:
        for start, end in _key_hits(packed.text, name_key):
            short = len(name_key) < 5
            if not _bounded(view.text, packed, start, end) or (short and not _exact_acronym(view, packed, start, end)):
                continue
            span = view.span(*packed.span(start, end))
            written = original[span[0] : span[1]] if original else view.text[slice(*packed.span(start, end))]
            joined = name_key in multiword and not any(c.isspace() for c in written)
            before = original[: span[0]] if original else ""
            if name_key in kinds or joined or _named_not_prose(written, before, words=name_key in multiword):
                yield Finding(Category.SCHOOL_IDENTITY, span[0], span[1], "configured_organisation")
    people = [key(p) for p in config.people if len(key(p)) >= 6]
    for person_key in people:
        for start, end in _key_hits(packed.text, person_key):
            if _bounded(view.text, packed, start, end):
                yield _finding(view, packed.span(start, end), Category.PERSON_NAME, "configured_person")


_KIND_WORD = re.compile(
    r"\b(?:school|academy|primary|secondary|infants?|juniors?|trust|college|federation|ltd|limited|plc)\b", re.I
)
_ORG_CONTEXT = re.compile(
    r"\b(?:at|for|from|with|join(?:ed|ing)?|leav(?:e|ing)|left|employer|employed by|works? for)\s+(?:the\s+)?$", re.I
)


def _named_not_prose(written: str, before: str, *, words: bool) -> bool:
    """Tell a configured name written as a name ("Oakwood", "0akw00d", "teacherstogether") from ordinary words
    ("an oakwood desk", "can teachers together ..."): capitals, obfuscation, joined words or an employer context."""
    sentence_start = not before.strip() or bool(re.search(r"[.!?\n]\s*$", before))
    capitals = [i for i, c in enumerate(written) if c.isupper()]
    if capitals and not (words and sentence_start and capitals == [0]):
        return True
    if not written.isascii() or any(c.isdigit() for c in written):
        return True
    if re.search(r"(?:^|\W)\w[\W_]+\w(?:\W|$)", written):  # spaced-out letters
        return True
    return bool(_ORG_CONTEXT.search(before[-40:]))


def _key_hits(haystack: str, needle: str) -> Iterator[tuple[int, int]]:
    start = haystack.find(needle)
    while start >= 0 and needle:
        yield start, start + len(needle)
        start = haystack.find(needle, start + 1)


def _bounded(text: str, packed: View, start: int, end: int) -> bool:
    """Require a compact-key hit to begin and end on word boundaries of the view text ("soak wood" is no "Oakwood")."""
    first, last = packed.origin[start], packed.origin[end - 1]
    before = text[first - 1] if first > 0 else " "
    after = text[last + 1] if last + 1 < len(text) else " "
    return not before.isalnum() and not (after.isalnum() and after.lower() != "s")


def _exact_acronym(view: View, packed: View, start: int, end: int) -> bool:
    first, last = packed.origin[start], packed.origin[end - 1]
    return view.text[first : last + 1].isupper()


def _shapes(view: View) -> Iterator[Finding]:
    for match in _SHAPE.finditer(view.text):
        words = re.findall(r"[A-Za-z]+", match.group(1))
        if any(w.lower() not in _COMMON_WORDS and len(w) > 1 for w in words) and not _sentence_case_only(match):
            yield _finding(view, match.span(), Category.SCHOOL_IDENTITY, "school_name_shape", 0.8)
    for match in _LOWER_SHAPE.finditer(view.text):
        words = [w.removesuffix("'s") for w in match.group(1).split()]
        proper = [w for w in words if w not in _COMMON_WORDS and w not in _VERBISH]
        if proper and not any(w in _VERBISH for w in words):
            yield _finding(view, (match.start(1), match.end(2)), Category.SCHOOL_IDENTITY, "school_name_lower", 0.7)


# Words that show a lower-case phrase is prose, not a name ("to use at school", "from home to school").
_VERBISH = word_set(
    """
    use using used go going work working teach teaching bring take taking home back return get be is are was were
    do does did have has had when while where before after during out into onto about over under because if then
    than and or but not also just only even still social media online internet email phone personal staff pupils
    pupil children child students student parents parent teachers teacher colleagues visits trips trip tell told ask
    asked call email contact inform informed leave attend start started walk drive come came text message say said
    daughter son kid kids child's children's nephew niece grandchild grandson granddaughter partner wife husband friend
    sister brother cousin own old
    with my your our their his her its in on to by via as this that these those any some every which what who whose
    for at from till until since
    """
)


def _sentence_case_only(match: re.Match[str]) -> bool:
    """Return True for a sentence-initial generic phrase like "Primary School staff" with no proper word."""
    words = re.findall(r"[A-Za-z]+", match.group(1))
    return all(w.lower() in _VERBISH for w in words)


def _indirect(view: View) -> Iterator[Finding]:
    for match in _INDIRECT.finditer(view.text):
        if match.group(1).lower() not in _NOT_PLACES:
            yield _finding(view, match.span(), Category.SCHOOL_IDENTITY, "indirect_identification", 0.8)
    for match in _PLACE_SCHOOL.finditer(view.text):
        yield _finding(view, match.span(), Category.SCHOOL_IDENTITY, "school_location", 0.8)


def _finding(view: View, span: tuple[int, int], category: Category, name: str, score: float = 1.0) -> Finding:
    start, end = view.span(*span)
    return Finding(category=category, start=start, end=end, recognizer=name, score=score)
