"""Who a recommendation is addressed to, read from its text.

The forces are the territorial police forces of the United Kingdom and the British
Transport Police, as the shipped review-attribute set lists them (its source is stated
there). The national bodies and agency types are a short list of our own, of the bodies
reviews commonly address; a researcher adds or corrects addressees on the record.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coder.project.recommendations import Addressee

FORCES: tuple[str, ...] = (
    "Avon and Somerset Constabulary", "Bedfordshire Police", "Cambridgeshire Constabulary",
    "Cheshire Constabulary", "City of London Police", "Cleveland Police", "Cumbria Constabulary",
    "Derbyshire Constabulary", "Devon and Cornwall Police", "Dorset Police", "Durham Constabulary",
    "Dyfed-Powys Police", "Essex Police", "Gloucestershire Constabulary",
    "Greater Manchester Police", "Gwent Police", "Hampshire and Isle of Wight Constabulary",
    "Hertfordshire Constabulary", "Humberside Police", "Kent Police", "Lancashire Constabulary",
    "Leicestershire Police", "Lincolnshire Police", "Merseyside Police",
    "Metropolitan Police Service", "Norfolk Constabulary", "North Wales Police",
    "North Yorkshire Police", "Northamptonshire Police", "Northumbria Police",
    "Nottinghamshire Police", "South Wales Police", "South Yorkshire Police",
    "Staffordshire Police", "Suffolk Constabulary", "Surrey Police", "Sussex Police",
    "Thames Valley Police", "Warwickshire Police", "West Mercia Police", "West Midlands Police",
    "West Yorkshire Police", "Wiltshire Police", "Police Scotland",
    "Police Service of Northern Ireland", "British Transport Police",
)  # fmt: skip

#: (name, patterns): national bodies, matched case-sensitively where an acronym is used
NATIONAL_BODIES: tuple[tuple[str, str], ...] = (
    ("College of Policing", r"\bCollege of Policing\b"),
    ("NPCC", r"\bNPCC\b|\bNational Police Chiefs'? Council\b"),
    ("Home Office", r"\bHome Office\b|\bHome Secretary\b"),
    (
        "HMICFRS",
        r"\bHMICFRS\b|\bHis Majesty's Inspectorate of Constabulary\b"
        r"|\bHer Majesty's Inspectorate of Constabulary\b",
    ),
    ("IOPC", r"\bIOPC\b|\bIndependent Office for Police Conduct\b"),
    ("Ministry of Justice", r"\bMinistry of Justice\b"),
    ("Department for Education", r"\bDepartment for Education\b|\bDfE\b"),
    (
        "Department of Health and Social Care",
        r"\bDepartment of Health and Social Care\b|\bDHSC\b",
    ),
    ("NHS England", r"\bNHS England\b"),
    ("Domestic Abuse Commissioner", r"\bDomestic Abuse Commissioner\b"),
    ("Crown Prosecution Service", r"\bCrown Prosecution Service\b|\bCPS\b"),
    ("National Crime Agency", r"\bNational Crime Agency\b"),
)

#: (agency type, pattern), matched case-insensitively
AGENCIES: tuple[tuple[str, str], ...] = (
    ("local authority", r"\b(local authorit(y|ies)|(borough|county|city|district) council)\b"),
    ("children's social care", r"\bchildren'?s (social care|services)\b"),
    ("adult social care", r"\badult(s'?)? (social care|services)\b"),
    ("health", r"\b(NHS|GP|general practi(ce|tioner)s?|health (visitor|services?|board)|"
     r"integrated care board|hospital|mental health (trust|services?)|ICB)\b"),
    ("probation", r"\bprobation\b"),
    ("housing", r"\bhousing\b"),
    ("education", r"\b(schools?|education)\b"),
    ("community safety partnership", r"\bcommunity safety partnership\b|\bCSP\b"),
    ("safeguarding partnership or board", r"\bsafeguarding (adults |children )?"
     r"(partnership|board)s?\b"),
    ("MARAC", r"\bMARAC\b"),
)  # fmt: skip

_FORCE_RE = [(f, re.compile(r"\b" + re.escape(f) + r"\b", re.IGNORECASE)) for f in FORCES]
_NATIONAL_RE = [(n, re.compile(p)) for n, p in NATIONAL_BODIES]
_AGENCY_RE = [(a, re.compile(p, re.IGNORECASE)) for a, p in AGENCIES]
_POLICE = re.compile(
    r"\b(the )?(police|constabulary|force|forces|officers?|police service)\b", re.IGNORECASE
)
_NATIONAL_WORDS = re.compile(r"\bnational(ly)?\b|\bacross (England|Wales|the country)\b", re.I)


def find_addressees(text: str, forces: Sequence[str] = ()) -> tuple[Addressee, ...]:
    """The addressees a recommendation's text names, in the order of the list: named
    forces (the shipped list, and ``forces``: the review's own), national bodies, other
    agency types, and the police generally when it names police without naming a force."""
    out: list[Addressee] = []
    named_force = False
    extra = [(f, re.compile(r"\b" + re.escape(f) + r"\b", re.IGNORECASE)) for f in forces]
    seen: set[str] = set()
    for name, pattern in [*extra, *_FORCE_RE]:
        if name not in seen and pattern.search(text):
            seen.add(name)
            out.append(Addressee("force", name))
            named_force = True
    for name, pattern in _NATIONAL_RE:
        if pattern.search(text):
            out.append(Addressee("national body", name))
    for name, pattern in _AGENCY_RE:
        if pattern.search(text):
            out.append(Addressee("agency", name))
    if not named_force and _POLICE.search(text):
        out.append(Addressee("police", ""))
    return tuple(out)


def scope_of(text: str, addressees: Sequence[Addressee]) -> str:
    """``national`` when a national body is addressed or the text asks for national action,
    else ``local``."""
    if any(a.kind == "national body" for a in addressees) or _NATIONAL_WORDS.search(text):
        return "national"
    return "local"
