"""Who a sensitive detail is about: the person asking ("when I'm off sick", "my maternity leave") or someone else.

A staff member asking how a policy applies to their own situation discloses nothing about a third party, so a
health or HR word whose nearest subject is the speaker is not a finding. The subject is read structurally: a
first-person subject or possessive shortly before the word, with no other person (a pronoun, a person noun, a
described child or colleague, a name) in between; or a clause that drops its "I" in a message that names nobody else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.guard.namelist import is_first_name

_I = re.IGNORECASE
# First-person subjects and possessives ("I", "I'm", "I've", "my", "myself"); "me" is left out on purpose: as an
# object it usually marks the recipient of someone else's news ("she told me about her suspension").
_FIRST_PERSON = re.compile(r"\b(?:i(?:'m|'ve|'d|'ll)?|my(?:self)?)\b", _I)
# Anyone else a detail could be about: third-person pronouns, relatives and generic person nouns.
_OTHER_PERSON = re.compile(
    r"\b(?:he|she|him|her|his|hers|they|them|their|theirs|who|whose|someone|somebody|anyone|everyone|others?"
    r"|(?:step|grand|god)?(?:pupil|student|child|children|kid|boy|girl|learner|colleague|co-?worker|workmate"
    r"|teacher|headteacher|ta|assistant|staff|parent|carer|mum|mom|dad|mother|father|son|daughter|husband|wife"
    r"|partner|family|manager|head|deputy|governor|boss|member|person|people|friend)s?)\b",
    _I,
)
# A first-person subject this many words or fewer before the detail still governs it ("I'm going on maternity
# leave"); a possessive governs only the noun phrase it opens ("my own sickness absence"), so it ends at a verb
# ("my department has cancer" is about someone in the department, not the speaker).
MAX_GAP_WORDS = 4
MAX_POSSESSIVE_GAP_WORDS = 2
_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|having|had|been|be|being|got|gets|does|did|do|keeps|went|said|told)\b", _I
)
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n()\"“”]")


def about_speaker(text: str, start: int, *, others: Sequence[tuple[int, int]] = ()) -> bool:
    """Return True when the detail starting at ``start`` is governed by a first-person subject or possessive.

    ``others`` are spans already known to mention another person (names, described children or colleagues);
    one lying between the first-person word and the detail makes it about that person instead, and a "my" inside
    one ("a pupil in my class") belongs to that description, not to the detail.
    """
    line_start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    speaker = [
        m for m in _FIRST_PERSON.finditer(text, line_start, start) if not any(s <= m.start() < e for s, e in others)
    ]
    if not speaker:
        return _dropped_subject(text, line_start, start, others=others)
    last = speaker[-1]
    gap = text[last.end() : start]
    possessive = last.group().lower().startswith("my")
    limit = MAX_POSSESSIVE_GAP_WORDS if possessive else MAX_GAP_WORDS
    if len(gap.split()) > limit or _OTHER_PERSON.search(gap) or (possessive and _VERB.search(gap)):
        return False
    return not any(s < start and e > last.end() for s, e in others)


def _dropped_subject(text: str, line_start: int, start: int, *, others: Sequence[tuple[int, int]]) -> bool:
    """Return True for chat shorthand that drops "I" ("got a hospital appointment, can I take my laptop?").

    Only when the clause opens with a verb shortly before the detail, the message speaks in the first person
    elsewhere, and it mentions no other person anywhere: then nobody but the speaker can be its subject.
    """
    lead = text[line_start:start].split()
    if not lead or len(lead) > MAX_GAP_WORDS or not _VERB.fullmatch(lead[0]):
        return False
    if others or _OTHER_PERSON.search(text) or not _FIRST_PERSON.search(text):
        return False
    # A lower-case first name anywhere ("... appointment for jamie") could be the subject: stay with the refusal.
    return not any(is_first_name(word) for word in re.findall(r"[a-z]+", text.lower()))
