"""Golden questions for the policy-name detector: (question, history, the document ids it names).

Written by hand against the five bundled policies before the detector was run on them; the detector's
precision and recall on them are reported by test_scope_golden.py (not every case has to pass).
"""

from __future__ import annotations

TRUST = "academy-trust-it-comms-social-media"
ECOMMS = "school-social-media-electronic-comms-2025"
ADVICE = "school-staff-advice-electronic-comms"
SOUTHOVER = "southover-computer-internet-email-social-media"
AGENCY = "teachers-together-it-comms-social-media"

NAMED: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("under the 2025 e-comms policy can I paste a pupil's report comments into ChatGPT at home?", (), (ECOMMS,)),
    ("what does the agency policy say about using my own phone for bookings?", (), (AGENCY,)),
    ("according to the trust's social media policy can I follow parents on Instagram?", (), (TRUST,)),
    ("staff advice on e-comms - is texting a parent from my mobile ok?", (), (ADVICE,)),
    ("in the 2025 policy what counts as electronic communication?", (), (ECOMMS,)),
    ("does the academy trust policy let me use a USB stick?", (), (TRUST,)),
    ("what does the Southover policy say about personal emails?", (), (SOUTHOVER,)),
    ("Teachers Together policy: can I post about a school I was placed at?", (), (AGENCY,)),
    ("the employee advice says something about gaming - what is it?", (), (ADVICE,)),
    ("under the Electronic Communications Policy of 2025, may I use AI to write reports?", (), (ECOMMS,)),
    ("is there anything in policy 2.14 about liking parents' posts?", (), (TRUST,)),
    ("what do the trust's IT rules say about passwords?", (), (TRUST,)),
    ("under the supply agency policy do I need to tell someone if my laptop is stolen?", (), (AGENCY,)),
    ("the e-comms policy from September 2025, does it cover WhatsApp groups?", (), (ECOMMS,)),
    ("ETCS1 policy - who keeps it under review?", (), (AGENCY,)),
    ("according to the staff advice can I use the school phone for personal calls?", (), (ADVICE,)),
    ("compare the trust policy and the agency policy on personal email", (), (TRUST, AGENCY)),
    ("what about personal devices?", ("under the 2025 e-comms policy can I use ChatGPT?",), (ECOMMS,)),
    ("and friend requests?", ("what does the Southover policy say about social media?",), (SOUTHOVER,)),
    (
        "and in the agency policy?",
        ("under the trust's social media policy can I post class photos?",),
        (AGENCY,),
    ),
    ("the academy trust's IT and communications policy - can I install apps?", (), (TRUST,)),
    ("The Southover Partnership School policy on monitoring email?", (), (SOUTHOVER,)),
    ("does the 2014 policy say anything about YouTube?", (), (SOUTHOVER,)),
    ("what does the company's IT policy say about garden leave?", (), (AGENCY,)),
    ("the trust policy says what about blogging?", (), (TRUST,)),
]

NOT_NAMED: list[tuple[str, tuple[str, ...]]] = [
    ("trust me, I only posted it once - can I keep a photo of my class on Facebook?", ()),
    ("2025 was a hard year, can I vent about work on Twitter?", ()),
    ("can I give advice to a parent over Facebook messenger?", ()),
    ("what does the social media policy say about staff using TikTok?", ()),
    ("is it ok to use the internet and email for personal things at lunch?", ()),
    ("my TA wants to log in as me - is that ok if I trust her?", ()),
    ("does the policy say anything about working together with colleagues on Google Docs?", ()),
    ("can staff use their personal phone to photograph pupils?", ()),
    ("we're an academy, can I post our sports results on my own account?", ()),
    ("in 2024 I was told I could use WhatsApp with parents - is that still allowed under the policy?", ()),
]
