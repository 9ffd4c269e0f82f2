"""Each rule-based recognizer on prompts it must refuse and the look-alike prompts it must let through."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.guard import Category, GuardConfig, check
from assistant.guard.identifiers import upn_check_letter

S = Category.SCHOOL_IDENTITY
P = Category.PERSON_NAME
D = Category.PUPIL_DATA
C = Category.CONTACT_DETAILS
SG = Category.SAFEGUARDING
H = Category.HEALTH_SEN
HR = Category.STAFF_HR
K = Category.CREDENTIALS
F = Category.FINANCIAL


def _categories(text: str, config: GuardConfig) -> set[Category]:
    verdict = check(text, config=config)
    assert verdict.refused == bool(verdict.categories)
    return set(verdict.categories)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("St Mary's C of E Primary has a new social media policy", S),
        ("what is the phone policy at oakwood academy?", S),
        ("what is the phone policy at 0akw00d Ac4demy?", S),
        ("I teach at O a k w o o d  A c a d e m y", S),
        ("Does the policy at Ѕt Mаry's С of Е Primary cover TikTok?", S),  # Cyrillic look-alikes
        ("Does the policy at Oak\u200bwood Academy cover TikTok?", S),  # zero-width space
        ("Staff at ＯＡＫＷＯＯＤ ＡＣＡＤＥＭＹ want Copilot", S),  # full-width letters
        ("im at s o u t h o v e r, can I use gmail?", S),
        ("I work for Teachers Together Ltd", S),
        ("Can I use Gemini to write a letter for Brookfield Community Primary School?", S),
        ("Can Holy Trinity RC Primary staff follow parents?", S),
        ("I'm a TA at ashgrove junior school, can I use my phone?", S),
        ("Send it from office@greenfields.sch.uk please", S),
        ("Our website is www.greenfields.sch.uk", S),
        ("Can I log in as head@oakwoodacademy.org.uk?", S),
        ("Our URN is 123456; can I paste our Ofsted report?", S),
        ("Our DfE number is 373/4012", S),
        ("We are the only Catholic secondary in Harrogate", S),
        ("The largest academy in Bradford wants a Teams policy", S),
        ("The school on Beech Hill Road uses Class Dojo", S),
        ("Our school is at 14 Mill Lane, Leeds LS6 2AB", S),
        ("the only girls' grammar in Slough wants a TikTok account", S),
        ("Our office phone is 0114 2345678", S),
        ("I work for teachers together", S),
        ("Can I use the teacherstogether website's resources?", S),
        ("Oakwood is where I work", S),
    ],
)
def test_school_identity_is_refused(text: str, category: Category, guard_config: GuardConfig) -> None:
    assert category in _categories(text, guard_config)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Mrs Patel keeps messaging pupils on WhatsApp", P),
        ("mr jones asked me to send him the exam papers", P),
        ("Can I accept a friend request from Jake Thompson in Year 10?", P),
        ("Is it okay if I follow my pupil Olivia on Instagram?", P),
        ("Harry from 8B keeps adding me on Snapchat", P),
        ("Can I tell Sarah's mum about her detention by text?", P),
        ("The Smiths are on universal credit", P),
        ("Can I share Matthew Peatfield's email with parents?", P),
        ("JS in Y9 has been messaging me on Instagram", D),
        ("Pupil K.L. (Year 6) keeps posting about the school", D),
        ("His date of birth is 12/03/2012", D),
        ("DOB 04.07.2011 - can I put this in a Google Form?", D),
        ("My NI number is AB 12 34 56 C", D),
        ("our new starter's NI number is QQ 12 34 56 C", D),
        ("Can I give parents my mobile 07700 900123?", C),
        ("Text the parent on +44 7911 123456", C),
        ("Email me at jane.doe84@gmail.com", C),
        ("A parent lives at 22 Acacia Avenue and keeps emailing me", C),
        ("My home postcode is BS1 4ND", C),
        ("i need to email poppy's dad about her inhaler", P),
        ("mrs o'neill said I could use her login", P),
        ("My TA, Bev, has been signed off with anxiety", P),
        ("The Patel twins in Y3 have been referred", P),
    ],
)
def test_people_and_contacts_are_refused(text: str, category: Category, guard_config: GuardConfig) -> None:
    assert category in _categories(text, guard_config)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("A boy in my Year 8 class told me his stepdad hits him", SG),
        ("He told me yesterday that his uncle touched him", SG),
        ("Child A, DOB 03/04/2016, disclosed neglect", SG),
        ("One of our students was referred to Prevent last week", SG),
        ("My pupil has ADHD and an EHCP, can I put his plan into ChatGPT?", H),
        ("A child in 7R has just been diagnosed with anorexia", H),
        ("Which kids have dyslexia diagnoses? I want to email the class list home", H),
        ("My colleague has been suspended for gross misconduct", HR),
        ("My line manager is off sick with depression", HR),
        ("The TA in my room is under a disciplinary for lateness", HR),
        ("A teacher in our department got a final written warning", HR),
        ("The staff wifi password is Oakwood2024!", K),
        ("My login is jsmith and my password is Tr0ub4dor&3", K),
        ("Can I share my Arbor password (Kx7#pL9!qz) with my TA?", K),
        ("the door code is 4729, can I share it?", K),
        ("My api key is sk-abcdefghijklmnop1234567890", K),
        ("The Smith family are £400 in arrears with dinner money", F),
        ("A family owes £340 in dinner money arrears", F),
        ("sort code 20-00-00 account 12345678", F),
        ("My card 4111 1111 1111 1111 was charged", F),
        ("IBAN GB29 NWBK 6016 1331 9268 19", F),
        ("The login for the SIMS admin account is admin / Sims!2024", K),
        ("The key safe code at the Annexe is 2580", K),
        ("Two of my Year 9s were excluded for vaping", D),
        ("george in my year 5 group has been self harming again", SG),
        ("Leo (Y2) has Down's syndrome", H),
        ("Claire from reception got a final written warning", HR),
    ],
)
def test_sensitive_content_is_refused(text: str, category: Category, guard_config: GuardConfig) -> None:
    assert category in _categories(text, guard_config)


ALLOWED = [
    "can i sign up for insta with my school email",
    "is it ok to message parents from your school account?",
    "Can I use ChatGPT and Google Bard to plan lessons?",
    "Is Password123 too obvious?",
    "How often should I change my password?",
    "My password is too weak according to the system; what do the rules say?",
    "A colleague asked me for my login - should I give it to them?",
    "What counts as confidential information?",
    "I'm autistic - can I ask for adjustments?",
    "I have dyslexia; can I use AI to check my spelling in emails?",
    "I'm pregnant; do I have to tell my line manager before I post about it?",
    "I'm pregnant - do I need to tell school before posting a scan on Facebook?",
    "Can I follow Taylor Swift's Instagram from my school laptop?",
    "Can I use Oak National Academy resources in my lessons?",
    "I work at a primary school in Yorkshire; can I be friends with ex-pupils on Facebook?",
    "Is a Church of England academy allowed to monitor my email?",
    "Can I mention on Facebook that I work at a Catholic primary school?",
    "What does the trust say about personal use of the internet?",
    "Our MAT wants to roll out Copilot; what does the policy say?",
    "Can I contact the Online Safety Helpline on 0344 3814772 or helpline@saferinternet.org.uk?",
    "The helpline is on 0344 381 4772, is that right?",
    "What should I do if a pupil discloses abuse to me on social media?",
    "What should I do if a colleague is being bullied on social media?",
    "How do I make a safeguarding referral?",
    "Can the SENCo share an EHCP by email?",
    "My SENCo asked me to put IEP targets into Google Bard, is that allowed?",
    "Could I be disciplined for posting about work on Facebook?",
    "Can my line manager read my Teams messages?",
    "Can I use my school laptop while on maternity leave?",
    "What does clause 7.4.2 say about Year 9 trips on 01.09.25?",
    "can i use 'Mr T' as my tiktok username?",
    "Is it ok to have a Year 11 WhatsApp group for revision?",
    "Can I use AI to mark Year 9 essays if I remove the names?",
    "Can ex-pupils follow me on TikTok once they have left school?",
    "Is it gross misconduct to look at inappropriate websites at work?",
    "What is the rule on using school equipment for personal use during garden leave?",
    "Can I upload a pupil's EHCP to ChatGPT?",
    "Can I follow Ofsted on X?",
    "Is it safe to save passwords in my browser?",
    "What happens if I breach the social media policy?",
    "I teach at a school in Leeds; can I post about my day on Instagram?",
    "Can staff use Zoom instead of Teams for parents' evening?",
    "What counts as a strong password, e.g. Blue-Horse-42?",
    "What's the code of conduct about? It is 120 pages",
    "Can I tell a pupil's mum about a detention?",
    "Is my friend's dad allowed to pick up my class?",
    "Are we allowed to mention free school meals in emails to parents?",
    "Can I say on Facebook that I'm proud of my Year 6 class's SATs results?",
    "Are we allowed to mention exclusions in newsletters?",
    "I was off with flu, can I check email?",
    "Can I forward a work email to my personal Gmail to print it at home?",
    # configured names made of ordinary words only count when written as a name
    "Can teachers together set up a group chat for a trip?",
    "Teachers together on a trip - can we share a WhatsApp group?",
    "Is an oakwood desk OK for my home office?",
]


@pytest.mark.parametrize("text", ALLOWED)
def test_ordinary_policy_questions_are_allowed(text: str, guard_config: GuardConfig) -> None:
    verdict = check(text, config=guard_config)
    assert verdict.allowed, [(f.recognizer, text[f.start : f.end]) for f in verdict.spans]


def test_upn_check_letter_is_validated(guard_config: GuardConfig) -> None:
    assert upn_check_letter("123456789012") == "A"
    assert D in _categories("The boy is A123456789012, can you check it?", guard_config)
    # a wrong check letter with no UPN context is just a code, not a pupil number
    assert check("Reference B123456789012 on the invoice", config=guard_config).allowed
    assert D in _categories("His UPN is B123456789012", guard_config)


def test_spans_point_at_the_identifier_in_the_original_text(guard_config: GuardConfig) -> None:
    text = "Staff at 0akw00d Ac4demy: call 07700 900123"
    verdict = check(text, config=guard_config)
    found = {(f.category, text[f.start : f.end]) for f in verdict.spans}
    assert (S, "0akw00d Ac4demy") in found
    assert (C, "07700 900123") in found


def test_public_contacts_from_policy_text_are_allowed_only_once_harvested(tmp_path: Path) -> None:
    text = "Can I ring 0344 3814772 for advice?"
    assert check(text, config=GuardConfig()).refused
    policy = "advice can be sought from the Online Safety Helpline by telephone on 0344 3814772"
    harvested = GuardConfig.load(tmp_path, public_texts=[policy])
    assert check(text, config=harvested).allowed


def test_empty_and_blank_prompts_are_allowed(guard_config: GuardConfig) -> None:
    assert check("", config=guard_config).allowed
    assert check("   \n\t", config=guard_config).allowed
