"""Recognizers for structured identifiers: UPN, NI number, birth dates, phones, emails, postcodes, URNs, bank."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.guard.config import GuardConfig
from assistant.guard.normalise import View, key
from assistant.guard.verdict import Category, Finding

_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN = re.compile(r"(?<![A-Za-z0-9])([A-Za-z])[\s-]?(\d{3}[\s-]?\d{4}[\s-]?\d{4}[\s-]?[0-9A-Za-z])(?![A-Za-z0-9])")
_UPN_CONTEXT = re.compile(r"\b(?:upn|unique pupil|pupil number|pupil id)\b", re.IGNORECASE)
_NINO = re.compile(
    r"(?<![A-Za-z0-9])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D](?![A-Za-z0-9])",
    re.IGNORECASE,
)
_DATE = (
    r"(?:\d{1,2}(?:st|nd|rd|th)?[\s./-](?:\d{1,2}|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*"
    r"|nov\w*|dec\w*)[\s./-]\d{2,4}|\d{4}-\d{2}-\d{2})"
)
_DOB = re.compile(
    rf"\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?|birthday|birth date)\b(?:\s+(?:is|was|=|of))?[\s:,-]*{_DATE}"
    rf"|{_DATE}[\s,]*\(?\s*(?:d\.?o\.?b|date of birth|born)\b",
    re.IGNORECASE,
)
_NINO_LOOSE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D](?![A-Za-z0-9])", re.IGNORECASE)
_NINO_CONTEXT = re.compile(r"\b(?:ni|nino|n\.i\.|national insurance)\b", re.IGNORECASE)
_CARD_CONTEXT = re.compile(r"\b(?:card|visa|mastercard|amex|debit|credit)\b", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+'-]+@([\w-]+(?:\.[\w-]+)+)", re.UNICODE)
_SCH_HOST = re.compile(r"\b(?:[\w-]+\.)+sch\.uk\b", re.IGNORECASE)
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\s?44\s?\(?0?\)?[\s-]?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)"
    r"|(?<!\w)\+\d{1,3}(?:[\s-]?\d{2,4}){3,4}(?!\d)"
)
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)
_URN = re.compile(
    r"\b(?:urn|unique reference number|school reference|dfe(?: number| no\.?| establishment number)?|laestab"
    r"|la ?estab|establishment number|estab(?:lishment)? no\.?)\b(?:\s+(?:is|was|=))?[\s:#.-]*(\d{3}[\s/-]?\d{3,4})\b",
    re.IGNORECASE,
)
_STREET = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+(?:[A-Z][a-z'-]+\s+){1,3}(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Crescent"
    r"|Grove|Place|Gardens|Terrace|Court|Hill|Park|Walk|Row|Mews|View|Square)\b",
)
_SORT_CODE = re.compile(r"\b(?:sort\s*code|s/c)\b[\s:#-]*\d{2}[\s-]?\d{2}[\s-]?\d{2}\b", re.IGNORECASE)
_ACCOUNT = re.compile(r"\b(?:account|acc|a/c)(?:\s*(?:no\.?|number|#))?\b[\s:#-]*\d{8}\b", re.IGNORECASE)
_IBAN = re.compile(r"\bGB\d{2}\s?[A-Z]{4}(?:\s?\d{4}){3}\s?\d{2}\b", re.IGNORECASE)
_CARD = re.compile(r"(?<!\d)(?:\d[\s-]?){15,18}\d(?!\d)")
_SCHOOL_PHONE = re.compile(
    r"\b(?:our|the) (?:school|academy|office|reception|main)(?:'s)? (?:phone|number|line|switchboard)", re.IGNORECASE
)
_SCHOOL_NEAR = re.compile(r"\b(?:school|academy|trust|college|nursery|campus|site)\b", re.IGNORECASE)


def find_identifiers(view: View, config: GuardConfig) -> list[Finding]:
    """Run every structured-identifier recognizer over the cleaned text."""
    return [
        *_upns(view),
        *_matches(view, _NINO, Category.PUPIL_DATA, "nino"),
        *_in_context(view, _NINO_LOOSE, _NINO_CONTEXT, Category.PUPIL_DATA, "nino_in_context"),
        *_matches(view, _DOB, Category.PUPIL_DATA, "date_of_birth"),
        *_emails(view, config),
        *_phones(view, config),
        *_postcodes(view, config),
        *_urns(view, config),
        *_streets(view),
        *_matches(view, _SORT_CODE, Category.FINANCIAL, "sort_code"),
        *_matches(view, _ACCOUNT, Category.FINANCIAL, "bank_account"),
        *_matches(view, _IBAN, Category.FINANCIAL, "iban"),
        *_cards(view),
    ]


def upn_check_letter(digits: str) -> str | None:
    """Return the DfE check letter for the 12 characters after it (the last may be a temporary-UPN letter)."""
    total = 0
    for weight, char in enumerate(digits.upper(), start=2):
        if char.isdigit():
            total += int(char) * weight
        elif char in _UPN_LETTERS:
            total += _UPN_LETTERS.index(char) * weight
        else:
            return None
    return _UPN_LETTERS[total % 23] if len(digits) == 12 else None


def _upns(view: View) -> Iterator[Finding]:
    for match in _UPN.finditer(view.text):
        body = re.sub(r"[\s-]", "", match.group(2))
        valid = upn_check_letter(body) == match.group(1).upper()
        near = view.text[max(0, match.start() - 40) : match.end() + 40]
        if valid or _UPN_CONTEXT.search(near):
            yield _finding(view, match.span(), Category.PUPIL_DATA, "upn", 1.0 if valid else 0.7)


def _emails(view: View, config: GuardConfig) -> Iterator[Finding]:
    public = {c.lower() for c in config.public_contacts}
    for match in _EMAIL.finditer(view.text):
        if _is_school_domain(match.group(1).lower().rstrip("."), config):
            yield _finding(view, match.span(), Category.SCHOOL_IDENTITY, "school_email")
        if match.group().lower() not in public:
            yield _finding(view, match.span(), Category.CONTACT_DETAILS, "email")
    for match in _SCH_HOST.finditer(view.text):
        yield _finding(view, match.span(), Category.SCHOOL_IDENTITY, "sch_uk_domain")


def _is_school_domain(domain: str, config: GuardConfig) -> bool:
    """Return True for *.sch.uk, a configured domain, or a domain spelling out a configured organisation name."""
    if domain.endswith(".sch.uk") or any(domain == d or domain.endswith("." + d) for d in config.domains):
        return True
    host = key(domain.split(".")[0]) if "." in domain else key(domain)
    return any(len(k) >= 6 and k in host for k in config.organisation_keys)


def _in_context(
    view: View, pattern: re.Pattern[str], context: re.Pattern[str], category: Category, name: str
) -> Iterator[Finding]:
    for match in pattern.finditer(view.text):
        if context.search(view.text, max(0, match.start() - 40), match.end() + 20):
            yield _finding(view, match.span(), category, name, 0.7)


def _phones(view: View, config: GuardConfig) -> Iterator[Finding]:
    public = {_digits(c) for c in config.public_contacts if len(_digits(c)) >= 9}
    for match in _PHONE.finditer(view.text):
        digits = _digits(match.group())
        if len(digits) >= 10 and _national(digits) not in {_national(p) for p in public}:
            yield _finding(view, match.span(), Category.CONTACT_DETAILS, "phone")
            if _SCHOOL_PHONE.search(view.text, max(0, match.start() - 40), match.start()):
                yield _finding(view, match.span(), Category.SCHOOL_IDENTITY, "school_phone")


def _postcodes(view: View, config: GuardConfig) -> Iterator[Finding]:
    configured = {re.sub(r"\s", "", p).upper() for p in config.postcodes}
    for match in _POSTCODE.finditer(view.text):
        code = (match.group(1) + match.group(2)).upper()
        if not any(c.isalpha() for c in match.group(1)[:1]):
            continue
        near = view.text[max(0, match.start() - 80) : match.end() + 20]
        school = code in configured or bool(_SCHOOL_NEAR.search(near))
        category = Category.SCHOOL_IDENTITY if school else Category.CONTACT_DETAILS
        yield _finding(view, match.span(), category, "postcode")


def _urns(view: View, config: GuardConfig) -> Iterator[Finding]:
    yield from _matches(view, _URN, Category.SCHOOL_IDENTITY, "urn")
    for urn in config.urns:
        pattern = r"(?<!\d)" + r"[\s/-]?".join(re.escape(c) for c in re.sub(r"\D", "", urn)) + r"(?!\d)"
        yield from _matches(view, re.compile(pattern), Category.SCHOOL_IDENTITY, "configured_urn")


def _streets(view: View) -> Iterator[Finding]:
    for match in _STREET.finditer(view.text):
        near = view.text[max(0, match.start() - 60) : match.end() + 10]
        category = Category.SCHOOL_IDENTITY if _SCHOOL_NEAR.search(near) else Category.CONTACT_DETAILS
        yield _finding(view, match.span(), category, "street_address")


def _cards(view: View) -> Iterator[Finding]:
    for match in _CARD.finditer(view.text):
        digits = _digits(match.group())
        near = _CARD_CONTEXT.search(view.text, max(0, match.start() - 30), match.start())
        if 16 <= len(digits) <= 19 and (_luhn(digits) or near):
            yield _finding(view, match.span(), Category.FINANCIAL, "card_number")


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _national(digits: str) -> str:
    return "0" + digits[2:].lstrip("0") if digits.startswith("44") else digits


def _matches(view: View, pattern: re.Pattern[str], category: Category, name: str) -> Iterator[Finding]:
    for match in pattern.finditer(view.text):
        yield _finding(view, match.span(), category, name)


def _finding(view: View, span: tuple[int, int], category: Category, name: str, score: float = 1.0) -> Finding:
    start, end = view.span(*span)
    return Finding(category=category, start=start, end=end, recognizer=name, score=score)
