"""A project for briefings and the disclosure check, built through the core: three reviews
(real PDFs made here, with numbered paragraphs the structure detector finds), the shipped
review attributes (review type, publication year), practice codings with judgements and
factor codings with effects that explain them.

- DHR Adult X (DHR, 2021): 1.1 good practice (Risk/DASH); 1.2 a missed opportunity
  (Risk/Grading) naming "Mr Jones"; 1.3 Workload hinders, explains 1.2.
- DHR Adult Y (DHR, 2022): 1.1 good practice (Risk); 1.2 Supervision supports, explains 1.1.
- SAR Mr Z (SAR, 2022): 1.1 a missed opportunity (Risk/Sharing), from a document whose
  publication status is not set here (tests restrict it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coder.codebook.attribute_set import load_attribute_set
from coder.codebook.files import shipped_dir
from coder.codebook.yaml_format import parse_yaml
from coder.coding import reviews
from coder.coding.codebooks import load_codebook
from coder.coding.edits import set_effect
from coder.coding.ingest import import_pdf
from coder.coding.judgements import link_explains, set_judgement
from coder.coding.operations import code_text
from coder.project import coders, codes, codings, documents
from coder.project.store import Project
from tests.pdfkit import PdfBuilder

BOOK = """title: Briefing test codebook
codes:
- name: Risk
  definition: Identifying and responding to risk.
  children:
  - {name: DASH, definition: Completing a DASH risk assessment.}
  - {name: Grading, definition: How risk was graded.}
  - {name: Sharing, definition: Sharing risk information with partners.}
- name: Factors
  definition: What in the policing environment explains practice.
  children:
  - {name: Workload, definition: Demand on officers and teams.}
  - {name: Supervision, definition: Supervisory oversight of decisions.}
"""

#: review -> (review type, year, [(paragraph number, text)])
REVIEWS = {
    "DHR Adult X": (
        "DHR",
        2021,
        [
            ("1.1", "Officers attended the address and completed a DASH risk assessment."),
            ("1.2", "The risk was graded as standard although Mr Jones had threatened her."),
            ("1.3", "Workload on the response team meant no supervisor reviewed the grading."),
        ],
    ),
    "DHR Adult Y": (
        "DHR",
        2022,
        [
            ("1.1", "The call handler recorded the history of abuse and flagged the address."),
            ("1.2", "A supervisor reviewed the case the next morning and raised the grading."),
        ],
    ),
    "SAR Mr Z": (
        "SAR",
        2022,
        [("1.1", "Police did not share the risk information with adult social care.")],
    ),
}

#: (review, paragraph, code path, judgement, effect)
CODINGS = [
    ("DHR Adult X", "1.1", "Risk/DASH", "good_practice", None),
    ("DHR Adult X", "1.2", "Risk/Grading", "missed_opportunity", None),
    ("DHR Adult X", "1.3", "Factors/Workload", None, "hinders"),
    ("DHR Adult Y", "1.1", "Risk", "good_practice", None),
    ("DHR Adult Y", "1.2", "Factors/Supervision", None, "supports"),
    ("SAR Mr Z", "1.1", "Risk/Sharing", "missed_opportunity", None),
]
#: (factor, practice): the factor coding explains the practice coding
EXPLAINS = [
    (("DHR Adult X", "1.3"), ("DHR Adult X", "1.2")),
    (("DHR Adult Y", "1.2"), ("DHR Adult Y", "1.1")),
]


@dataclass
class BriefKit:
    path: Path
    documents: dict[str, str]  # review name -> document id
    codings: dict[tuple[str, str], str]  # (review, paragraph) -> coding id
    code_ids: dict[str, str]  # path -> code id


def review_pdf(title: str, paragraphs: list[tuple[str, str]]) -> bytes:
    b = PdfBuilder()
    b.page()
    b.line(72, 80, title, size=16, bold=True)
    b.line(72, 120, "1 Analysis", size=14, bold=True)
    y = 150
    for number, text in paragraphs:
        b.line(72, y, number)
        b.line(100, y, text)
        y += 30
    return b.tobytes()


def build(folder: Path, name: str = "briefing study") -> BriefKit:
    path = folder / f"{name}.rcproj"
    with Project.create(path, name=name) as project:
        with project.write():
            ann = coders.ensure_coder(project, "Ann").id
        load_codebook(project, parse_yaml(BOOK, "book.yaml"), ann)
        tree = codes.code_tree(project)
        code_ids = {tree.path(c): c for c in tree.parent}
        reviews.add_attributes(
            project, load_attribute_set(shipped_dir() / "review-attributes.yaml"), ann
        )
        specs = {a.name: a for a in reviews.list_attributes(project)}
        docs: dict[str, str] = {}
        for review, (kind, year, paragraphs) in REVIEWS.items():
            pdf = folder / f"{review}.pdf"
            pdf.write_bytes(review_pdf(review, paragraphs))
            doc = import_pdf(project, pdf, "Ann").document.id
            docs[review] = doc
            review_id = reviews.review_of(project, doc).id
            reviews.set_attribute(project, review_id, specs["review type"].id, kind, ann)
            reviews.set_attribute(project, review_id, specs["publication year"].id, year, ann)
        made: dict[tuple[str, str], str] = {}
        for review, number, code_path, judgement, effect in CODINGS:
            doc = docs[review]
            text = documents.document_text(project, doc)
            sentence = dict(REVIEWS[review][2])[number]
            start = text.index(sentence[:30])
            end = start + len(sentence)
            code_text(project, doc, code_ids[code_path], ann, start, end, effect)
            found = [
                c.id
                for c in codings.list_codings(project, doc, code_ids[code_path])
                if c.char_start == start
            ]
            made[(review, number)] = found[0]
            if judgement:
                set_judgement(project, [found[0]], judgement, ann)
            if effect:
                set_effect(project, [found[0]], effect, ann)
        for factor, practice in EXPLAINS:
            link_explains(project, [made[factor]], made[practice], ann)
    return BriefKit(path, docs, made, code_ids)
