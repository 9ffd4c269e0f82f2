"""Recognizers for named people: titles ("Mrs Patel"), names in a relationship context, initials with a year group."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.guard.namelist import is_first_name
from assistant.guard.normalise import View, word_set
from assistant.guard.verdict import Category, Finding

_NAME = r"[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
_TITLED = re.compile(
    r"\b(?:(?i:mr|mrs|ms|mx|dr)|Miss|Sir|Dame|Master)\b\.?\s+(?:[A-Z]\.?\s+)?([A-Za-z](?:['’][A-Za-z])?[a-z]+[a-z'’-]*)"
)
_RELATION = re.compile(
    r"\b(?i:pupil|student|child|kid|boy|girl|son|daughter|colleague|co-?worker|parent|mum|mom|mother|dad|father"
    r"|carer|ta|teacher|tutee|learner|nephew|niece|grandson|granddaughter|called|named|name is|named as|nicknamed"
    r"|head|headteacher|deputy|senco|manager|governor|assistant|friend|partner|husband|wife|lad|lass)\b,?\s+"
    rf"({_NAME}(?:\s+{_NAME})?)",
)
_RECORDS = (
    r"(?:mum|mom|dad|mother|father|parents?|carer|family|ehcp|diagnosis|behaviou?r|grades?"
    r"|results?|report|address|phone|number|email|social worker|counsell\w+|referral|plan|medication|needs|support"
    r"|sen|iep|allergy|condition|attendance|exclusion|detention|suspension|disciplinary|grievance|sickness|absence)\b"
)
_TRAILING = re.compile(
    rf"\b({_NAME}(?:\s+{_NAME})?)\s*(?:\(|,)?\s*(?:in|from|is in|is|was|,)?\s*(?i:year|yr|y)\s?\d{{1,2}}\b"
    rf"|\b({_NAME})(?:'s|’s)\s+{_RECORDS}"
    rf"|\b({_NAME}(?:\s+{_NAME})?)\s+(?:in|from)\s+(?:(?:my|our)\s+(?:class|form|tutor group|set|department|team)\b"
    r"|\d{1,2}[A-Z]{1,2}\b|(?:reception|the office|maths|english|science|year)\b)"
    rf"|\b({_NAME}),\s+(?:our|my|the|a|his|her)\s+(?:[a-z]+\s+)?(?:manager|teacher|ta|head|deputy|senco|bursar|governor"
    r"|caretaker|receptionist|colleague|pupil|student|tutee|mum|dad|son|daughter|technician|cleaner|cook|lad|girl|boy)\b"
    rf"|\b[Tt]he\s+({_NAME}?s)\s+(?=are\b|were\b|have\b|owe\b|get\b|live\b)|\b[Tt]he\s+({_NAME})\s+(?:family|twins|brothers|sisters|children|kids|boys|girls)\b",
)
# Any-case names placed by structure: "olivia brown from 4b", "in year 9", "jamie's report", "al-rashid's EHCP".
_WORD = r"[A-Za-z][A-Za-z]+(?:-[A-Za-z]+)?"
_PLACED = re.compile(
    rf"\b({_WORD})(?:\s+({_WORD}))?(?:"
    r"\s+(?:is\s+|who(?:'s| is)\s+)?(?:in|from)\s+(?:\d{1,2}[a-z]{1,2}|(?:year|yr|y)\s?\d{1,2}"
    r"|(?:my|our)\s+(?:class|form|tutor group|set))\b"
    rf"|(?:'s|’s)\s+(?:[a-z]+\s+)?{_RECORDS})",
    re.IGNORECASE,
)
# English names take no determiner: "last summer", "the grace period", "every may" are not people.
_DETERMINED = re.compile(r"\b(?:the|a|an|last|this|next|every|each|that|per)\s+$", re.IGNORECASE)
_VERB_SLOT = re.compile(
    r"\b(?:i|we|you|they|to|can|could|will|would|should|must|may|might|please|do|don't|did|does)\s+$", re.IGNORECASE
)
# "jess's mum": any word but a role noun, possessive, then a family member (catches lower-case first names).
_POSSESSIVE_FAMILY = re.compile(
    r"\b([A-Za-z][a-z]{1,20})(?:'s|’s)\s+(?:mum|mom|mummy|dad|daddy|mother|father|parents?|carers?|step-?(?:dad|mum)"
    r"|nan|gran|grandma|grandad|family)\b"
)
_ROLE_NOUNS = word_set(
    """
    pupil student child kid boy girl friend colleague son daughter baby teacher class year someone anyone everyone
    somebody anybody nobody partner brother sister cousin nephew niece learner tutee person one other another
    everybody parent mum dad toddler teenager youngster lad lass classmate mate
    """
)
_INITIALS = re.compile(
    r"\b([A-Z]\.?\s?[A-Z]\.?(?:\s?[A-Z]\.)?)\s*(?:\(|,|-)?\s*(?:in|from|is in)?\s*\(?(?i:year|yr|y)\s?\d{1,2}[A-Z]?\b"
    r"|\b(?i:year|yr|y)\s?\d{1,2}\s+(?i:pupil|student|child|boy|girl)?\s*\(?([A-Z]\.?\s?[A-Z]\.?)\)?(?![\w.])"
    r"|\b(?i:pupil|student|child|boy|girl)\s+([A-Z]\.\s?[A-Z]\.?|[A-Z]{2})\b(?![\w.])",
)
# Capitalised words that follow "teacher", "head" etc. without being names.
_NOT_NAMES = word_set(
    """
    I I'm I've I'd The A An And Or But If In On At To For Of From With By As Is Are Was Were Be Can Could Should Would
    May Might Must Will Do Does Did Has Have Had Not No Yes This That These Those It Its My Our Your Their His Her
    He She They We You Me Him Them Us Who What When Where Why How Which Whose Year Yr Class Form Group School Academy
    Trust Teams Facebook Instagram Twitter X TikTok Snapchat WhatsApp YouTube LinkedIn ChatGPT Google Bard Gemini
    Copilot
    Microsoft Apple Email Mail Policy Online Safety Headteacher Head Deputy Premium Services Support Assistant Manager
    English Maths Math Science History Geography Art Music Drama French Spanish German PE RE PSHE ICT IT Computing
    Reception Nursery Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
    July August September October November December Christmas Easter Term Today Tomorrow Yesterday Please Thanks Hi
    Hello Dear Also Then So Just Only Even Still Ofsted DfE NHS Police Council LA SEN SENCo SENCO DSL EHCP UPN NI GDPR
    Church England Catholic Primary Secondary Governors Governor Board Staff Teacher Teachers Parent Parents Pupil
    Pupils Student Students Child Children TA TAs Line Sir Madam Bank Holiday Zoom Outlook Word Excel PowerPoint
    Office Chrome Safari Edge Windows Mac iPad iPhone Android Twitter Threads Reddit Discord Pinterest Tumblr
    """
)


def find_people(view: View) -> list[Finding]:
    """Find people named with context: titles, relationship words, year groups, possessives, initials."""
    found = [*_titled(view), *_related(view), *_trailing(view), *_initials(view), *_possessive_family(view)]
    return [*found, *_placed(view)]


def _placed(view: View) -> Iterator[Finding]:
    """Find names in any case that a class, year group or possessive record places: the word must be a first name."""
    for match in _PLACED.finditer(view.text):
        first, second = match.group(1), match.group(2)
        if _placed_name(first):
            span = (match.start(1), match.end(2) if second else match.end(1))
        elif second and _placed_name(second) and first.lower() not in _ROLE_NOUNS:  # not "someone else's"
            span = match.span(2)
        else:
            continue
        before = view.text[max(0, span[0] - 12) : span[0]]
        if _VERB_SLOT.search(before):
            continue  # "can I mark work from year 9": a word after "I" or "to" is a verb, whatever the census says
        if _DETERMINED.search(before) and not view.text[span[0]].isupper():
            continue
        yield _finding(view, span, Category.PERSON_NAME, "name_placed", 0.8)


def _placed_name(word: str) -> bool:
    return is_first_name(word) and word.capitalize() not in _NOT_NAMES and word.lower() not in _ROLE_NOUNS


def _possessive_family(view: View) -> Iterator[Finding]:
    for match in _POSSESSIVE_FAMILY.finditer(view.text):
        word = match.group(1)
        if word.lower() not in _ROLE_NOUNS and word.capitalize() not in _NOT_NAMES:
            yield _finding(view, match.span(1), Category.PERSON_NAME, "name_possessive_family", 0.7)


def _titled(view: View) -> Iterator[Finding]:
    for match in _TITLED.finditer(view.text):
        surname = match.group(1)
        if surname.capitalize() not in _NOT_NAMES and len(surname) > 1:
            yield _finding(view, match.span(), Category.PERSON_NAME, "titled_name")


def _related(view: View) -> Iterator[Finding]:
    for match in _RELATION.finditer(view.text):
        if _is_name(match.group(1)):
            yield _finding(view, match.span(1), Category.PERSON_NAME, "name_in_context", 0.8)


def _trailing(view: View) -> Iterator[Finding]:
    for match in _TRAILING.finditer(view.text):
        group = next(g for g in range(1, 7) if match.group(g))
        if _is_name(match.group(group)):
            yield _finding(view, match.span(group), Category.PERSON_NAME, "name_in_context", 0.8)


def _initials(view: View) -> Iterator[Finding]:
    for match in _INITIALS.finditer(view.text):
        letters = re.sub(r"[^A-Z]", "", match.group(1) or match.group(2) or match.group(3) or "")
        if 2 <= len(letters) <= 3 and letters not in {"TA", "PE", "RE", "IT", "NI", "UK", "AI", "DT", "SEN"}:
            yield _finding(view, match.span(), Category.PUPIL_DATA, "initials_year_group", 0.8)
            yield _finding(view, match.span(), Category.PERSON_NAME, "initials_year_group", 0.8)


def _is_name(words: str) -> bool:
    first = words.split()[0]
    return first not in _NOT_NAMES and first.rstrip("'’s") not in _NOT_NAMES


def _finding(view: View, span: tuple[int, int], category: Category, name: str, score: float = 1.0) -> Finding:
    start, end = view.span(*span)
    return Finding(category=category, start=start, end=end, recognizer=name, score=score)
