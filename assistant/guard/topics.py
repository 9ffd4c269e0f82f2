"""Sensitive topics about a described person (safeguarding, health/SEN, HR, a family's money) and credentials.

A topic word alone is a policy question ("what counts as safeguarding?"); it becomes a disclosure only
near a marker that points at a particular child, colleague or family ("a boy in my Year 9 class", "my TA").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence

from assistant.guard.normalise import View, word_set
from assistant.guard.subjects import about_speaker
from assistant.guard.verdict import Category, Finding

_I = re.IGNORECASE
_SAFEGUARDING = re.compile(
    r"\b(?:abused|being abused|abuse at home|sexual(?:ly)? abuse\w*|physical abuse|emotional abuse|neglect(?:ed)?"
    r"|self[- ]?harm\w*|cutting (?:him|her|them)sel(?:f|ves)|cuts on|bruis\w+|injur\w+|marks on|burns? on"
    r"|hits? (?:him|her|them)|hitting (?:him|her|them)|beat(?:s|en)? (?:him|her|them|up)|slapp\w+|punch\w+|kick\w+"
    r"|touched (?:him|her|them|inappropriately)|groom\w+|fgm|cse|sexual exploitation|county lines|radicali[sz]\w+"
    r"|prevent referral|channel referral|mash|referr(?:al|ed)|social services|children'?s services|social worker"
    r"|child protection (?:plan|conference|case|register)|cp plan|child in need|section 47|lado|disclos\w+"
    r"|domestic (?:violence|abuse)|suicid\w+|overdos\w+|ran away|missing from (?:home|care)|looked[- ]after|in care"
    r"|foster\w*|police (?:came|were|was|involved|called)|unexplained|safeguarding (?:concern|issue|report)s?"
    r"|(?:is|was|being) (?:hit|hurt|harmed|starved|locked|bullied)|afraid to go home|scared to go home"
    r"|smells? of (?:alcohol|cannabis)|drunk|drugs?|weed|cannabis|sexting|nudes?|indecent images?|pregnan\w+"
    r"|forced (?:to marry|marriage)|honou?r[- ]based|trafficked|modern slavery|missing from school"
    r"|prison|jail|arrested|in custody|court case|criminal|bereave\w+|passed away|died)\b",
    _I,
)
_HEALTH = re.compile(
    r"\b(?:adhd|autis\w+|asd|asperger\w*|dyslexi\w+|dyspraxi\w+|dyscalculia|diabet\w+|epilep\w+|seizures?|asthma\w*"
    r"|anaphyla\w+|allerg\w+|epipen|cancer|leukaemia|chemo\w*|depress\w+|anxiety|anxious|panic attacks?"
    r"|eating disorder|anorexi\w+|bulimi\w+|ocd|tourette\w*|cerebral palsy|down'?s syndrome|mental health"
    r"|medication|ritalin|insulin|hearing impair\w+|deaf|visually impaired|blind|wheelchair|disabilit\w+|disabled"
    r"|diagnos\w+|camhs|pregnan\w+|miscarriage|terminal\w*|illness|hospital\w*|surgery"
    r"|therapy|counsell\w+|stroke|heart attack|dementia|hiv|medical condition|(?:long )?covid|flu|nits"
    r"|head lice|inhaler|epi-?pen|medical (?:notes|records?|history|needs|information)"
    r"|off (?:work )?with|broken (?:arm|leg|wrist|ankle)|concussion|migraines?)\b",
    _I,
)
# Special-needs terms describe children; a colleague's medical condition is an HR matter instead.
_SEN = re.compile(
    r"\b(?:ehcp|ehc plan|sen support|special educational needs|statement of (?:special )?needs|iep|"
    r"one[- ]to[- ]one support|speech and language|global delay|pda|sen (?:report|plan|register|needs))\b"
    r"|\b(?-i:SEND|SEN)\b",
    _I,
)
# A particular pupil's record: exclusions, attendance, results, behaviour incidents.
_RECORD = re.compile(
    r"\b(?:excluded|exclusions?|expelled|internal isolation|isolation room|vaping|caught smoking|fight(?:ing)?"
    r"|attendance (?:is|was|of)|persistent(?:ly)? absen\w+|truant\w*"
    r"|behaviour points|managed move)\b",
    _I,
)
_HR = re.compile(
    r"\b(?:disciplin\w+|suspend\w*|suspension|investigat\w+|grievance|dismiss\w+|sacked|fired|capability"
    r"|performance (?:management|improvement|plan|review)|misconduct|allegations?|tribunal"
    r"|sick(?:ness)? ?(?:leave|absence|note)"
    r"|signed off|off sick|fit note|occupational health|(?:final |written |verbal )?warning|redundan\w+|resign\w*"
    r"|settlement agreement|whistleblow\w+|complaints? (?:about|against)|breakdown|stress|maternity|salary|pay grade"
    r"|drunk|affair|arrested|caution(?:ed)?|criminal record|dbs (?:check|issue)|probation|pip)\b",
    _I,
)
_MONEY = re.compile(
    r"\b(?:arrears|debts?|owes?|owing|unpaid|universal credit|benefits?|free school meals|fsm|pupil premium"
    r"|bailiffs?|evict\w+|food ?banks?|bankrupt\w*|can'?t afford|cannot afford|struggling (?:financially|for money)"
    r"|dinner money|lunch money|money problems|in debt|income support|housing benefit|child benefit"
    r"|behind (?:on|with) (?:fees|payments|rent|the rent)|overdue fees)\b",
    _I,
)
_CHILD = re.compile(
    r"\b(?:(?:my|our|this|that|one of (?:my|our)|a|the|an?other)\s+(?:year\s?\d{1,2}\s+|yr\s?\d{1,2}\s+|y\d{1,2}\s+"
    r"|form\s+|tutor\s+)?(?:pupils?|students?|child|children|kids?|boys?|girls?|learners?|tutees?|class|tutor group)"
    r"\s+(?:in|from|of)\s+(?:my|our|his|her|their|year|yr|y\d|class|form|the)\b"
    r"|(?:my|our)\s+(?:year|yr|y)\s?\d{1,2}s\b|in (?:my|our) (?:year|yr|y)\s?\d{1,2} (?:class|form|group|set)"
    r"|(?:my|our|this|that|one of my|one of our)\s+(?:year\s?\d{1,2}\s+|y\d{1,2}\s+)?"
    r"(?:pupils?|students?|child|children|kids?|boys?|girls?|learners?|tutees?|class|tutor group|son|daughter"
    r"|nephew|niece|stepson|stepdaughter)\b"
    r"|(?:year|yr|y)\s?\d{1,2}\s+(?:pupil|student|child|kid|boy|girl|learner)s?\b|in (?:my|our) (?:class|form|group)"
    r"|\b(?:in|from)\s+\d{1,2}[a-z]{1,2}\b|which (?:kids|pupils|children|students|boys|girls) (?:have|has|are|get)"
    r"|class list|(?:a|the|one|this|that|his|her|their)\s+(?:family|household)\b|the [a-z]+s (?=are|were|have|owe|get)"
    r"|£\s?\d|(?-i:\b(?:[Cc]hild|[Pp]upil|[Ss]tudent|[Bb]oy|[Gg]irl) [A-Z]\b)"
    r"|in (?:year|yr|y)\s?\d{1,2}\b|\b\d{1,2}[- ]year[- ]old\b|aged \d{1,2}\b|(?:his|her|their) (?:mum|mom|dad|mother"
    r"|father|step-?dad|step-?mum|parents?|family|carers?|uncle|aunt|brother|sister|home|arm|arms|legs?|face|wrists?"
    r"|back|neck|teacher|class|ehcp|diagnosis|medication)\b|came (?:in|into school)"
    r"\s+with|the \w+ family\b|(?:a|one) family in my)",
    _I,
)
_COLLEAGUE_WEAK = re.compile(
    r"\b(?:a|one|another)\s+(?:colleague|co-?worker|coworker|workmate|teacher|member of staff|staff member|ta)s?\b"
    r"(?!'s|\s+(?:or|and)\b)(?=\s+(?:(?:who|\w+)\s+)?(?:has|have|had|is|was|were|got|been|told|said|keeps|went"
    r"|just|recently|called|named))",
    _I,
)
_COLLEAGUE = re.compile(
    r"\b(?:(?:my|our)\s+(?:colleague|co-?worker|coworker|workmate)s?\b(?!'s|\s+(?:or|and)\b)"
    r"|(?:the|a)\s+(?:ta|teacher|teaching assistant|cover supervisor|technician|member of staff)\s+(?:in|from|on)\s+"
    r"(?:my|our)\s+(?:room|class|department|team|corridor|office|school)\b"
    r"|(?:my|our)\s+(?:colleague|co-?worker|workmate|head|headteacher|head teacher|deputy(?: head)?|bursar|caretaker"
    r"|site manager|business manager|line manager|manager|boss|senco|dsl|ta|teaching assistant"
    r"|head of (?:year|department)|hod|teacher|chair of governors|governor|receptionist|office manager|nqt|ect"
    r"|trainee|supply teacher)s?\b"
    r"|(?:a|one|another)\s+(?:teacher|member of staff|staff member|ta|teaching assistant|colleague)\s+(?:in|at|from|on)"
    r"\s+(?:my|our)\b|(?:teacher|colleague|member of staff|ta|head)\s+(?:called|named)\b)",
    _I,
)
_PRONOUN = re.compile(
    r"\b(?:told me|disclosed to me|said to me|confided in me)\b"
    r"|\b(?:he|she)(?:'s| is| was| has| had| told| said| came| disclosed| showed| keeps| kept| seems| got| gets"
    r"| cried| cries| admitted| mentioned| wrote| sent| posted)\b|\b(?:him|her)self\b",
    _I,
)
_HYPOTHETICAL = re.compile(
    r"^\W*(?:if|what if|when|whenever|should|can|could|may|how|what|does|do|is|are|would|where)\b", _I
)
_TIME = re.compile(
    r"\b(?:today|yesterday|this (?:morning|afternoon|week|term)|last (?:night|week|term|month)|on (?:mon|tues|wednes"
    r"|thurs|fri|satur|sun)day)\b",
    _I,
)
_CREDENTIAL = re.compile(
    r"\b(?:password|passcode|passphrase|pass word|pwd|pw|pin(?: number| code)?|login|log-?in details|username"
    r"|user name|wi-?fi (?:key|password|code|passcode)|network key|wpa key|access code|door code|alarm code|api key"
    r"|secret key|token)s?\b(?:\s+(?:for|to|on)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,2})?"
    r"(?P<sep>\s*(?:is|was|=|:|-|are|will be|of)|\s*\(|\s+)"
    r"\s*[\"'“(]?(?P<value>[^\s\"'”,;()]{3,})",
    _I,
)
_SECRET_WORD = r"(?:password|passcode|passphrase|pwd|pin|login|log-?in|username|wi-?fi key|network key)"
_CREDENTIAL_WORD = re.compile(rf"\b(?:my|our|the|his|her|their|your|its)\s+(?:[\w-]+\s+){{0,2}}{_SECRET_WORD}", _I)
_SECRET_WORD_IN = re.compile(_SECRET_WORD, _I)
_CODE = re.compile(
    r"\b(?:code|pin|combination|keypad number)\b(?:\s+(?:for|to|on|of|at)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,2})?"
    r"\s*(?:is|was|=|:)\s*\d{3,8}\b",
    _I,
)
_API_KEY = re.compile(r"\b(?:sk-[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{30,}|xox[bap]-[\w-]{10,})\b")
_NOT_SECRETS = word_set(
    """
    too very really quite weak strong short long secure insecure safe unsafe not the a an my your our their his her
    same different expired changed confidential required needed set being still correct wrong incorrect written shared
    saved stored private protected personal reset forgotten lost compromised ok okay fine good bad easy hard simple
    complex obvious enough sufficient allowed permitted necessary important what which how who whether needed used
    something anything nothing required mandatory case sensitive only just also all any each every given displayed
    needed should must may can could would will shown visible unique individual known
    """
)


def find_topics(view: View, *, people: Sequence[Finding] = (), titled: Sequence[Finding] = ()) -> list[Finding]:
    """Find sensitive topics that sit next to a particular child, colleague or family, and disclosed secrets.

    ``titled`` people ("Mrs Patel") are adults, so colleagues; other named people may be pupils or staff.
    """
    text = view.text
    named = sorted(start for start, _ in _people_in_view(view, people))
    adults = sorted(start for start, _ in _people_in_view(view, titled))
    others = _other_people(text, [*_people_in_view(view, people), *_people_in_view(view, titled)])
    found: list[Finding] = []
    for sentence in _sentences(text):
        named_here = _within(named, sentence)
        explicit_child = bool(_CHILD.search(text, *sentence))
        colleague = _colleague_at(text, sentence, _within(adults, sentence))
        child = explicit_child or (colleague is None and _someone(text, sentence, named_here))
        anyone = colleague if explicit_child or not named_here else min(colleague or named_here[0], named_here[0])
        found += _topic(view, sentence, _SAFEGUARDING, Category.SAFEGUARDING, child)
        found += _topic(view, sentence, _HEALTH, Category.HEALTH_SEN, child and colleague is None, others=others)
        found += _topic(view, sentence, _SEN, Category.HEALTH_SEN, child or bool(named_here))
        found += _topic(view, sentence, _HEALTH, Category.STAFF_HR, not explicit_child, after=colleague, others=others)
        found += _topic(view, sentence, _HR, Category.STAFF_HR, True, after=anyone, others=others)
        found += _topic(view, sentence, _MONEY, Category.FINANCIAL, child or bool(named_here))
        found += _topic(view, sentence, _RECORD, Category.PUPIL_DATA, explicit_child or bool(named_here))
    found += list(_credentials(view))
    return found


def _other_people(text: str, named: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the spans that mention someone other than the speaker: names, described children and colleagues."""
    described = [m.span() for pattern in (_CHILD, _COLLEAGUE, _COLLEAGUE_WEAK) for m in pattern.finditer(text)]
    return [*named, *described]


def _within(starts: list[int], window: tuple[int, int]) -> list[int]:
    """Return the first sorted start inside the window, as a list of zero or one."""
    return starts[bisect_left(starts, window[0]) : bisect_left(starts, window[1])][:1]


def _people_in_view(view: View, people: Sequence[Finding]) -> list[tuple[int, int]]:
    """Translate person findings (original offsets) into view offsets, roughly, for proximity checks."""
    spans = []
    for finding in people:
        # origin is non-decreasing, so the view span is found by bisection (linear scans made long inputs quadratic)
        first = bisect_left(view.origin, finding.start)
        last = bisect_left(view.origin, finding.end)
        if first < last:
            spans.append((first, last))
    return spans


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """Yield sentence windows; each also covers its neighbour so "Jake is in Y9. He has bruises." joins up."""
    bounds = [m.end() for m in re.finditer(r"[.!?\n]+\s*", text)]
    edges = [0, *bounds, len(text)]
    pieces = [(edges[i], edges[i + 1]) for i in range(len(edges) - 1) if edges[i] < edges[i + 1]]
    for index, (start, end) in enumerate(pieces):
        previous = pieces[index - 1][0] if index else start
        yield (previous, end) if index else (start, end)


def _someone(text: str, window: tuple[int, int], named: list[int]) -> bool:
    """Return True when the window is about a particular person: named, or told as a story (pronoun, date)."""
    chunk = text[window[0] : window[1]]
    if named or _TIME.search(chunk):
        return True
    return bool(_PRONOUN.search(chunk)) and not _HYPOTHETICAL.search(chunk)


def _colleague_at(text: str, window: tuple[int, int], named: list[int]) -> int | None:
    """Return where the first mention of a particular colleague (or named adult) starts in the window, if any."""
    start, end = window
    chunk = text[start:end]
    spots = [m.start() + start for m in _COLLEAGUE.finditer(chunk)]
    if not _HYPOTHETICAL.search(chunk):
        spots += [m.start() + start for m in _COLLEAGUE_WEAK.finditer(chunk)]
    spots += named
    return min(spots) if spots else None


def _topic(
    view: View,
    window: tuple[int, int],
    pattern: re.Pattern[str],
    category: Category,
    on: bool,
    *,
    after: int | bool | None = False,
    others: Sequence[tuple[int, int]] | None = None,
) -> list[Finding]:
    """Report topic words in the window when on; with after, only words after that subject's position.

    With ``others`` (the spans naming or describing other people), a word the speaker says of themselves
    ("when I'm off sick", "my maternity leave") is not reported: it discloses nothing about anyone else.
    """
    if not on or after is None:
        return []
    start, end = window
    if not isinstance(after, bool):
        start = max(start, after)
    hits = []
    for match in pattern.finditer(view.text, start, end):
        if others is not None and about_speaker(view.text, match.start(), others=others):
            continue
        s, e = view.span(*match.span())
        hits.append(Finding(category=category, start=s, end=e, recognizer=f"{category.value}_context", score=0.8))
    return hits


def _plausible_secret(value: str) -> bool:
    return len(value) >= 3 and value.lower() not in _NOT_SECRETS and not value.lower().startswith(("http", "www"))


def _looks_secret(value: str) -> bool:
    """Return True for a value mixing at least three of lower, upper, digits and symbols ("Kx7#pL9!qz")."""
    kinds = [any(c.islower() for c in value), any(c.isupper() for c in value), any(c.isdigit() for c in value)]
    kinds.append(any(not c.isalnum() for c in value))
    return len(value) >= 6 and sum(kinds) >= 3


def _credentials(view: View) -> Iterator[Finding]:
    for match in _CREDENTIAL.finditer(view.text):
        value = match.group("value").strip(".?!)")
        explicit = match.group("sep").strip() not in ("", "(")
        if (explicit and _plausible_secret(value)) or _looks_secret(value):
            s, e = view.span(*match.span())
            yield Finding(category=Category.CREDENTIALS, start=s, end=e, recognizer="credential_value", score=0.9)
    for match in _CREDENTIAL_WORD.finditer(view.text):
        # a secret-looking token shortly after "password", "login" etc. ("the login is admin / Sims!2024")
        for token in re.finditer(r"[^\s\"'”,;()]{6,}", view.text[match.end() : match.end() + 60]):
            gap = view.text[match.end() : match.end() + token.start()]
            example = re.search(r"\b(?:e\.?g|example|like|such as|say)\b", gap, _I)
            value = token.group().strip(".?!")
            if _looks_secret(value) and not example and not _SECRET_WORD_IN.search(value):
                s, e = view.span(match.end() + token.start(), match.end() + token.end())
                yield Finding(category=Category.CREDENTIALS, start=s, end=e, recognizer="credential_nearby", score=0.7)
    for match in _CODE.finditer(view.text):
        s, e = view.span(*match.span())
        yield Finding(category=Category.CREDENTIALS, start=s, end=e, recognizer="access_code", score=0.8)
    for match in _API_KEY.finditer(view.text):
        s, e = view.span(*match.span())
        yield Finding(category=Category.CREDENTIALS, start=s, end=e, recognizer="api_key")
