"""Deontic rules as named data: the phrases that decide what a policy sentence says.

Each rule is a regular expression over lower-cased text. The analyser in ``stance.py``
checks them in a fixed order (conditions beat prohibitions, which beat obligations)
so negation scope and exceptions are decided by structure, not by which word came first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _any(*phrases: str) -> re.Pattern[str]:
    """Compile alternatives into one word-bounded, case-insensitive pattern."""
    return re.compile(r"(?<![\w])(?:" + "|".join(phrases) + r")(?![\w])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DeonticRules:
    """The phrase families of the analyser; one instance, ``RULES``, is the default."""

    # An exception or condition that turns a prohibition into "yes, but only if".
    exception: re.Pattern[str]
    # Conditions attached to a permission ("subject to certain conditions", "may ... if").
    condition: re.Pattern[str]
    prohibition: re.Pattern[str]
    discouragement: re.Pattern[str]
    # "not required to", "should not be required to": the negation of an obligation.
    not_required: re.Pattern[str]
    # "may only", "must only": a permission narrowed to one way, which reads as a duty.
    restriction: re.Pattern[str]
    obligation: re.Pattern[str]
    permission: re.Pattern[str]
    # "you may", "employees may": weaker than a duty in the same sentence ("you must ... that you may have").
    weak_permission: re.Pattern[str]
    # Lead-ins that open a list of prohibitions ("You must not:-"), of advice ("You should not:"), of conditions.
    prohibitive_lead_in: re.Pattern[str]
    discouraging_lead_in: re.Pattern[str]
    conditional_lead_in: re.Pattern[str]
    # Lead-ins whose duty is to read or weigh the list ("pay attention to the following points", "the purpose of
    # this policy is to ensure that:"); their items state facts or aims unless they carry their own modal.
    inert_lead_in: re.Pattern[str]
    # Sentences that only describe consequences or facts, never a rule about the reader.
    sanction: re.Pattern[str]
    # A bare instruction ("If you are out ..., put an Out of Office message on"): a duty without a modal.
    # Checked only on sentences without a lead-in, whose bullets continue the lead-in's own subject.
    imperative: re.Pattern[str]


RULES = DeonticRules(
    exception=_any(
        r"unless (?:you|they|he|she|employees?|staff) (?:have|has|are|is)",
        r"unless (?:expressly |explicitly |duly )?authori[sz]ed",
        r"unless (?:permission|consent)",
        r"unless (?:in particular cases|otherwise|it is|the other site|permission to do so)",
        r"without (?:first )?(?:obtaining |having )?(?:prior |express |the specific |the written |specific |written )*"
        r"(?:authori[sz]ation|permission|approval|consent|agreement)",
        r"(?:except|excluding) as authori[sz]ed",
        r"without prior (?:written )?(?:authori[sz]ation|permission|approval)",
        # "advised not to access pupils' sites, without due reason e.g., safeguarding purposes"
        r"without (?:a )?(?:due|good|legitimate) reason",
    ),
    condition=_any(
        r"subject to (?:certain |the following )?conditions",
        r"may be permitted",
        r"must meet the following conditions",
        r"where appropriate and duly authori[sz]ed",
        r"must (?:first (?:of all )?)?be checked and authori[sz]ed",
        r"must have prior authori[sz]ation",
        r"permission should be sought",
        r"(?:may|can) [^.;]{0,80}\bif\b",
        r"only (?:with|after) [^.;]{0,40}(?:permission|authori[sz]ation|approval|consent)",
        r"check with your [a-z ]{0,20}(?:manager|headteacher|head) first",
        r"sanctioned by",
        r"seek (?:the )?[\w’']{0,20} ?permission",
        r"with (?:express |prior |written )*permission",
    ),
    prohibition=_any(
        r"must not",
        r"mustn'?t",
        r"must never",
        r"should never",
        r"not (?:be )?permitted",
        r"is prohibited",
        r"are prohibited",
        r"not (?:be )?allowed",
        r"will not tolerate",
        r"will not be tolerated",
        r"may not",
        r"cannot be used",
        r"do not",
        r"don'?t",
        r"never",
        r"under no circumstances",
        r"will usually amount to gross misconduct",
        r"will leave you liable to disciplinary action",
        r"will result in disciplinary action",
        r"is likely to result in disciplinary action",
        r"no software may",
    ),
    discouragement=_any(
        r"advised not to",
        # The labelling convention reads a bare "should not" as advice, not a prohibition.
        r"should not(?! be required)",
        r"shouldn'?t",
        r"(?:act|exercise|use) (?:with )?(?:particular )?caution",
        r"caution must be exercised",
        r"should (?:also )?carefully consider",
        r"advised to act with caution",
        r"avoid",
        r"if in doubt,? don'?t",
        r"refrain from",
        r"need to be especially careful",
        r"not recommended",
    ),
    not_required=_any(
        r"not (?:be )?required to",
        r"not have to",
        r"need not",
        r"not obliged to",
        r"no obligation to",
    ),
    restriction=_any(r"only"),
    obligation=_any(
        r"must",
        r"should ensure",
        r"should",
        r"(?:are|is) required to",
        r"will be required to",
        r"may be required to",
        r"you will need to",
        # "We understand the need to embrace ...": a noun, not a duty.
        r"(?<!the )need to",
        r"have to",
        r"always",
        r"it is imperative",
        r"(?:may|must|should) only",
        r"only use",
        r"ensure",
        r"make sure",
        r"(?:inform|report|adopt|remember|protect|check|keep|delete|retain|add|respect|write|be respectful)(?= )",
    ),
    permission=_any(
        r"we permit",
        r"we allow",
        r"(?:is|are) permitted",
        r"may be used",
        r"(?:is|are) encouraged",
        r"can be used",
        r"(?:are|is) allowed",
        r"may be done",
        r"it'?s your own personal choice",
        r"should feel able to",
        r"access is granted",
    ),
    weak_permission=_any(r"employees may", r"you may(?! be required)", r"staff may"),
    prohibitive_lead_in=_any(
        r"must not", r"mustn'?t", r"will not tolerate", r"will usually amount to gross misconduct"
    ),
    discouraging_lead_in=_any(r"should not", r"advised not to"),
    conditional_lead_in=_any(r"(?:must meet|subject to) the following conditions", r"following conditions"),
    inert_lead_in=_any(
        r"pay (?:particular |special |close )?attention to",
        r"purpose of this policy",
        r"read in conjunction with",
        r"consideration should be given",
        r"consider[;:]",
    ),
    sanction=_any(
        # Awareness statements describe, they do not instruct.
        r"(?:should|must|need to) (?:also )?(?:be|remain) aware",
        r"may result in disciplinary",
        r"could result in disciplinary",
        r"could lead to disciplinary",
        r"may be dealt with under",
        r"will be dealt with under",
        r"may constitute a disciplinary",
        r"may lead to disciplinary",
        r"will be subject to",
    ),
    imperative=re.compile(
        r"^[\s*]*(?:(?:if|when|where|before|after|while|once)\b[^,.;]{0,150},\s*)?(?:please\s+)?"
        r"(?:put|request|seek|ask|tell|contact|notify|send|set|switch|turn|lock|log|save|follow|speak|discuss|"
        r"treat|take|make|remove|change|label|mark|encrypt|choose|bear)\b",
        re.IGNORECASE,
    ),
)

# Question openers, checked on the resolved question (lower-cased).
# "Do I actually have to ...?": the hedge words staff add between the subject and the verb.
_HEDGE = r"(?:actually |really |still |even |definitely |always )?"
PERMISSION_QUESTION = _any(
    # "What can I do about it?" asks for options, not leave.
    r"(?<!what )(?<!how )can i",
    r"shall i",
    r"ok to",
    r"okay to",
    r"can we",
    r"could i",
    r"may i",
    r"am i (?:even |actually |really )?(?:allowed|permitted|able)",
    r"are (?:we|staff|teachers|employees) (?:allowed|permitted)",
    r"is it (?:ok|okay|alright|acceptable|allowed|permitted|fine)",
    r"is it ok(?:ay)? (?:for|to)",
    r"can staff",
    r"can teachers",
    r"can employees",
    r"is (?:it |that |this )?(?:allowed|permitted)",
    r"is (?:that|this) (?:ok|okay|alright|acceptable|fine)",
    # "Does the school mind if I ...?", "would anyone mind if I ...?": leave asked politely.
    r"mind if i",
    # "Is it a problem if I ...?", "good idea or not?": leave asked indirectly.
    rf"(?:is|would) (?:it|that|this) (?:be )?{_HEDGE}(?:a problem|an issue|a bad idea|frowned|bad (?:if|to))",
    r"good idea",
)
OBLIGATION_QUESTION = _any(
    rf"do i {_HEDGE}(?:have|need) to",
    r"should i",
    rf"do i {_HEDGE}need",
    r"must i",
    rf"am i {_HEDGE}(?:required|obliged|expected|meant to|supposed to)",
    # "What are my privacy settings meant to be?": what the rule requires.
    r"what (?:are|is|should) (?:my|our|the) [^?]{0,40}\b(?:meant|supposed) to be\b(?! about| for)",
    rf"do (?:we|staff|teachers|employees) {_HEDGE}(?:have|need) to",
    r"is it (?:required|mandatory|compulsory)",
    r"have i got to",
    r"what must i",
    r"what should i do",
    r"what do i (?:have|need) to do",
    r"what do i do",
)
# "Do I need permission to ...?", "what do we need to do first?": a duty question whose answer may be a condition
# on the action ("must have prior authorisation"), which the labelling convention reads as permitted with conditions.
LEAVE_FIRST_QUESTION = _any(
    r"need (?:to (?:get|ask for|have|seek) )?(?:(?!to )[\w']+ ){0,2}(?:permission|approval|authori[sz]ation|consent|"
    r"sign[- ]?off)",
    r"(?:ask|check with|run it past|tell) [^?]{0,30}\b(?:first|before)(?! aid| thing)",
    r"(?:do|sort|get) first(?! aid| thing)",
)
# Questions about facts (who, what counts, whether a rule applies, consequences), answered informationally.
FACT_QUESTION = _any(
    r"^\s*(?:who|why)",
    r"^\s*(?:when|where) (?:is|are|does|will|was)",
    r"^\s*what(?:'s|s| is| are| does| counts| kind| types?| sort)",
    r"^\s*how (?:long|does|is|are|often)",
    r"who (?:do|should|can|would) i (?:tell|ask|contact|report|speak|go|complain)",
    r"^\s*(?:does|do|will|is|are) (?:the|this|my|our|that|whatsapp|email|social) [^?]{0,60}"
    r"\b(?:cover|covered|apply|applies|count|classed|monitor|monitored|read|check|checked|look)",
    r"^\s*(?:can|could|will|does|do) the (?:school|trust|company|academy|employer)(?! mind)",
    r"^\s*if i(?:'?m| am)? [^?]{0,60}\b(?:is it|will it|does it|can it|can they|will they|can (?:someone|anyone))",
    # "Can SLT read my emails?", "would they make me hand over my passwords?": what others may do to the reader.
    r"^\s*(?:can|could|will|would|do|does|may|might) (?:they|slt|my (?:head|manager|line manager|boss)|"
    r"the (?:head|headteacher|slt|it team|management|governors))\b",
    r"(?:get|be) (?:sacked|fired|disciplined|dismissed|in trouble|sued|prosecuted)",
    r"personally liable",
    # "Could my emails be released?", "can my messages be used as evidence?": what may happen, not a rule for
    # the reader. ("Can photos be used on the website?" asks leave, so "used" counts only as evidence.)
    r"^\s*(?:could|can|will|might|may) [^?]{0,50}\b(?:be|get|end up) (?:being )?"
    r"(?:released|disclosed|read|seen|monitored|accessed|requested|used (?:as|in) evidence)",
    rf"\bwhat {_HEDGE}happens if",
    # "Is there anyone outside school I can ask?": who to go to, not leave to act.
    r"\b(?:anyone|someone|somebody|who) [^?]{0,30}\bi (?:can|could|should) (?:ask|talk|speak|contact|go)",
    # "I deleted it, is it actually gone?": a fact about the system.
    rf"\b(?:is|are) (?:it|they|that|this|those) {_HEDGE}(?:gone|deleted|private|stored|saved|kept|visible|traceable|"
    r"permanent|recoverable|tracked|monitored|logged|recorded)\b",
    # "Is someone gonna be going through my inbox?": what others will do, not leave for the reader.
    r"\b(?:is|are|will) (?:someone|anyone|somebody|they|school|the school|slt|management) "
    r"(?:gonna|going to|be going to)\b(?! mind| care| be (?:ok|okay|fine|bothered))",
)
INFORMATION_QUESTION = _any(r"what", r"who", r"when", r"where", r"why", r"how", r"which", r"does the policy")
