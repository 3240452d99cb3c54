"""The demo project: three invented review reports coded with the police-learning and
systems-factors codebooks, with review attributes, made on first use in the user's data
folder."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

from coder import scratch
from coder.atomic import publish
from coder.codebook.attribute_set import load_attribute_set
from coder.codebook.files import read_codebook, shipped_dir
from coder.coding.autocode import autocode
from coder.coding.codebooks import load_codebook
from coder.coding.ingest import import_pdf
from coder.coding.judgements import link_explains, set_judgement
from coder.coding.operations import add_memo, code_area
from coder.coding.reviews import (
    add_attributes,
    list_attributes,
    list_reviews,
    set_attribute,
)
from coder.demo.pdfgen import review_pdf
from coder.ids import CoderId
from coder.project import coders, codes, codings, documents
from coder.project.store import Project
from coder.text.matcher import Query, regex_query

DEMO_CODER = "Demo coder"

REVIEWS = [
    (11, 14, "Domestic Homicide Review: Adult A (2022)", "Domestic Homicide Review"),
    (12, 10, "Child Safeguarding Practice Review: Child B", "Child Safeguarding Practice Review"),
    (13, 9, "Safeguarding Adults Review: Mr C", "Safeguarding Adults Review"),
]

#: (code path, phrase, effect): the demo's codings come from these phrases
AUTOCODES = [
    (
        "Identifying and managing risk/Risk assessment (DASH and other tools)",
        "DASH risk assessment",
        None,
    ),
    (
        "Identifying and managing risk/Risk as a process, not an event",
        "treated as a single event",
        "hinders",
    ),
    ("Identifying and managing risk/History and linking incidents", "were not linked", "hinders"),
    (
        "Identifying and managing risk/Coercive control, stalking and strangulation",
        "coercive control",
        "hinders",
    ),
    ("Victim engagement and care/Voice and lived experience", "voice of the child", "hinders"),
    ("Victim engagement and care/Trauma-informed practice", "trauma-informed approach", "supports"),
    (
        "Victim engagement and care/Non-engagement and withdrawal",
        "Non-engagement was accepted",
        "hinders",
    ),
    ("Evidence and investigation/Evidence-led prosecution", "evidence-led prosecution", "hinders"),
    ("Collaborative working/Information sharing", "Information sharing between police", "supports"),
    ("Collaborative working/Multi-agency meetings and processes", "referral to MARAC", "supports"),
    (
        "Underlying patterns/Human-management system/Supervision",
        "Supervision of the investigation",
        "hinders",
    ),
    (
        "Underlying patterns/Human-management system/Workload and resources",
        "Workload pressures",
        "hinders",
    ),
]

#: the practice judgement of the demo's practice codings, by code path (their effects, set
#: before judgements existed, are kept: projects keep theirs too)
JUDGEMENTS = {
    "Identifying and managing risk/Risk as a process, not an event": "missed_opportunity",
    "Identifying and managing risk/History and linking incidents": "missed_opportunity",
    "Identifying and managing risk/Coercive control, stalking and strangulation": (
        "missed_opportunity"
    ),
    "Victim engagement and care/Voice and lived experience": "missed_opportunity",
    "Victim engagement and care/Trauma-informed practice": "good_practice",
    "Victim engagement and care/Non-engagement and withdrawal": "missed_opportunity",
    "Evidence and investigation/Evidence-led prosecution": "missed_opportunity",
    "Collaborative working/Information sharing": "good_practice",
    "Collaborative working/Multi-agency meetings and processes": "good_practice",
}

#: factor codes whose codings explain the judged coding of the sentence just before them
FACTORS = (
    "Underlying patterns/Human-management system/Supervision",
    "Underlying patterns/Human-management system/Workload and resources",
)

#: attribute values of the demo reviews, by title prefix
ATTRIBUTES = {
    "Domestic Homicide Review": {
        "review type": "DHR",
        "publication year": "2022",
        "type of harm": "homicide",
        "subject sex": "female",
        "police contacts in period": "7",
        "included in sample": "yes",
    },
    "Child Safeguarding": {
        "review type": "CSPR",
        "publication year": "2023",
        "type of harm": "serious harm",
        "subject age band": "1-4",
        "police contacts in period": "not stated",
        "included in sample": "yes",
    },
    "Safeguarding Adults": {
        "review type": "SAR",
        "publication year": "2021",
        "type of harm": "other death",
        "subject age band": "75+",
        "included in sample": "no",
        "reason excluded": "police contact outside the period",
    },
}


def sentence_query(phrase: str) -> Query:
    """The whole sentence around each occurrence of the phrase, as a researcher would code it
    (without the paragraph number in front of a paragraph's first sentence)."""
    words = r"\s+".join(re.escape(w) for w in phrase.split())
    within = r"(?:[^.\n]|\n(?!\n))"  # a sentence does not cross a paragraph break
    start = r"(?<![.\w])(?!\s|\d+\.\d+\s)"  # not inside a word, nor at a number like 5.12
    return regex_query(rf"{start}{within}*?(?<!\w){words}(?!\w){within}*\.")


def data_dir() -> Path:
    """The user's data folder for Review Coder ($REVIEW_CODER_DATA overrides it)."""
    override = os.environ.get("REVIEW_CODER_DATA")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "review-coder"


def demo_path() -> Path:
    return data_dir() / "demo.rcproj"


def ensure_demo(path: Path | None = None) -> Path:
    """The demo project's path, building it first if it does not exist yet."""
    path = path or demo_path()
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch.sweep(path.parent)
    building = scratch.scratch_path(path, "building", project=True)
    try:
        build_demo(building)
        publish(building, path)
    finally:
        scratch.remove(building)
    return path


def _judge_and_link(project: Project, coder_id: CoderId) -> None:
    """Judge the practice codings, and link each factor coding to the judged coding of the
    sentence that comes just before it (the demo's reports give the reason after the
    finding)."""
    for code_path, judgement in JUDGEMENTS.items():
        code = codes.find_by_path(project, code_path)
        found: list[str] = [c.id for c in codings.list_codings(project, code_id=code)]
        set_judgement(project, found, judgement, coder_id)
    judged = [c for c in codings.list_codings(project) if c.judgement and c.char_end is not None]
    for code_path in FACTORS:
        code = codes.find_by_path(project, code_path)
        for factor in codings.list_codings(project, code_id=code):
            if factor.char_start is None:
                continue
            before = [
                c
                for c in judged
                if c.document_id == factor.document_id and 0 <= factor.char_start - c.char_end <= 2  # type: ignore[operator]
            ]
            if before:
                link_explains(project, [factor.id], before[0].id, coder_id)


def build_demo(path: Path) -> None:
    with (
        Project.create(
            path, name="Demo: police learning from case reviews", user=DEMO_CODER
        ) as project,
        tempfile.TemporaryDirectory() as tmp,
    ):
        with project.write():
            coder_id = coders.ensure_coder(project, DEMO_CODER).id
        for name in ("police-learning.yaml", "systems-factors.yaml"):
            load_codebook(project, read_codebook(shipped_dir() / name), coder_id)
        attribute_set = load_attribute_set(shipped_dir() / "review-attributes.yaml")
        add_attributes(project, attribute_set, coder_id)
        for seed, pages, title, kind in REVIEWS:
            pdf = Path(tmp) / f"{title.split(':')[0]}.pdf"
            pdf.write_bytes(review_pdf(seed, pages, title, kind))
            import_pdf(project, pdf, DEMO_CODER)
        for code_path, phrase, effect in AUTOCODES:
            autocode(project, code_path, sentence_query(phrase), DEMO_CODER, effect=effect)
        _judge_and_link(project, coder_id)
        specs = {a.name: a for a in list_attributes(project)}
        for review in list_reviews(project):
            values = next(v for k, v in ATTRIBUTES.items() if review.name.startswith(k))
            for name, value in values.items():
                set_attribute(project, review.id, specs[name].id, value, coder_id)
        with project.write():
            figure = codes.ensure_path(project, "Figures and tables", coder_id)
        first = sorted(documents.list_documents(project), key=lambda d: d.title)[0]
        code_area(project, first.id, figure, coder_id, 5, (64, 120, 531, 520))
        add_memo(
            project,
            "project",
            None,
            "A demo project: the reports, names and events in it are invented.",
            coder_id,
        )
