"""A project with case data, built through the core: three reviews (real PDFs made here),
seven persons, four relationships and ten police contacts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coder.codebook.attribute_set import NOT_STATED_VALUE, load_attribute_set
from coder.codebook.case_schema import CaseSchema, load_case_schema
from coder.codebook.files import shipped_dir
from coder.coding import casedata, reviews
from coder.coding.ingest import import_pdf
from coder.project import coders
from coder.project.store import Project
from tests.pdfkit import PdfBuilder

REVIEWS = {
    "DHR Adult A": [
        "Domestic Homicide Review: Adult A",
        "On 3 March 2021 officers attended after a 999 call from Adult A.",
        "A DASH risk assessment was completed and graded as medium risk.",
        "In April 2021 a referral was made to MARAC.",
    ],
    "CSPR Child D": [
        "Child Safeguarding Practice Review: Child D",
        "On 12/06/2020 police carried out a welfare check on Child D.",
    ],
    "SAR Mr F": [
        "Safeguarding Adults Review: Mr F",
        "Mr F was reported missing in about 2019 and found the next day.",
    ],
}


@dataclass
class CaseKit:
    project: Project
    coder_id: str
    review_ids: dict[str, str]  # short name -> review id
    document_ids: dict[str, str]
    person: dict[str, str] = field(default_factory=dict)  # pseudonym -> record id
    relationships: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    schema: CaseSchema | None = None  # as loaded: usable after the project is closed

    def kind(self, name: str):
        return casedata.kind_named(self.schema or casedata.schema_of(self.project), name)

    def field_id(self, kind: str, name: str) -> str:
        spec = self.kind(kind).field(name)
        assert spec is not None, name
        return spec.id


def review_builder(lines: list[str]) -> PdfBuilder:
    """A one-page review laid out line by line (the builder remembers each word's box)."""
    b = PdfBuilder()
    b.page()
    for i, line in enumerate(lines):
        b.line(72, 100 + 20 * i, line)
    return b


def review_pdf(lines: list[str]) -> bytes:
    return review_builder(lines).tobytes()


def import_reviews(project: Project, folder: Path, coder: str = "Ann") -> dict[str, str]:
    """The three review PDFs imported; short name -> document id."""
    out = {}
    for name, lines in REVIEWS.items():
        path = folder / f"{name}.pdf"
        if not path.exists():  # a second build in the same folder finds the same reviews
            path.write_bytes(review_pdf(lines))
        out[name] = import_pdf(project, path, coder).document.id
    return out


def build(project: Project, folder: Path, coder: str = "Ann") -> CaseKit:
    docs = import_reviews(project, folder, coder)
    with project.write():
        coder_id = coders.ensure_coder(project, coder).id
    reviews.add_attributes(
        project, load_attribute_set(shipped_dir() / "review-attributes.yaml"), coder_id
    )
    review_ids = {n: reviews.review_of(project, d).id for n, d in docs.items()}
    review_type = next(a for a in reviews.list_attributes(project) if a.name == "review type")
    for name, value in (("DHR Adult A", "DHR"), ("CSPR Child D", "CSPR"), ("SAR Mr F", "SAR")):
        reviews.set_attribute(project, review_ids[name], review_type.id, value, coder_id)
    casedata.load_schema(project, load_case_schema(shipped_dir() / "case-data.yaml"), coder_id)
    kit = CaseKit(project, coder_id, review_ids, docs, schema=casedata.schema_of(project))
    people = [
        (
            "DHR Adult A",
            "Adult A",
            {
                "role": "victim or subject of the review",
                "age": 34,
                "age band": "25-34",
                "sex": "female",
                "vulnerabilities": ["mental health", "alcohol misuse"],
                "previously known to police": True,
            },
        ),
        (
            "DHR Adult A",
            "Adult B",
            {
                "role": "person who caused harm",
                "age": NOT_STATED_VALUE,
                "sex": "male",
                "previous offending": True,
            },
        ),
        ("DHR Adult A", "Child C", {"role": "child in the household", "age": 6, "age band": "5-9"}),
        (
            "CSPR Child D",
            "Child D",
            {
                "role": "victim or subject of the review",
                "age": 2,
                "age band": "1-4",
                "sex": "male",
                "vulnerabilities": NOT_STATED_VALUE,
            },
        ),
        (
            "CSPR Child D",
            "Mother E",
            {"role": "family member", "sex": "female", "vulnerabilities": ["mental health"]},
        ),
        (
            "SAR Mr F",
            "Mr F",
            {
                "role": "victim or subject of the review",
                "age": 71,
                "age band": "65-74",
                "sex": "male",
                "vulnerabilities": ["self-neglect", "alcohol misuse"],
                "ethnicity": "White: English, Welsh, Scottish, Northern Irish or British",
            },
        ),
        ("SAR Mr F", "Ms G", {"role": "person who caused harm", "sex": "female"}),
    ]
    person = kit.kind("person")
    for review, pseudonym, values in people:
        by_id = {person.field(n).id: v for n, v in {"pseudonym": pseudonym, **values}.items()}
        edit = casedata.add_record(project, review_ids[review], person.id, by_id, coder_id)
        kit.person[pseudonym] = edit.record_id
    relationship = kit.kind("relationship")
    for review, a, b, kind in (
        ("DHR Adult A", "Adult B", "Adult A", "former intimate partner"),
        ("DHR Adult A", "Adult A", "Child C", "parent of"),
        ("CSPR Child D", "Mother E", "Child D", "parent of"),
        ("SAR Mr F", "Ms G", "Mr F", "carer"),
    ):
        values = {
            relationship.field("from").id: kit.person[a],
            relationship.field("to").id: kit.person[b],
            relationship.field("type").id: kind,
        }
        edit = casedata.add_record(project, review_ids[review], relationship.id, values, coder_id)
        kit.relationships.append(edit.record_id)
    contact = kit.kind("police contact")
    rows = [
        (
            "DHR Adult A",
            "2021-03-03",
            "attendance",
            "medium",
            ["Adult A", "Adult B"],
            "Officers attended and completed a DASH.",
            "good practice",
        ),
        (
            "DHR Adult A",
            "2020-11",
            "call for service",
            None,
            ["Adult A"],
            "Call graded for a later response.",
            "missed opportunity",
        ),
        ("DHR Adult A", "2021-04", "MARAC", None, ["Adult A"], "Referred to MARAC.", "neither"),
        (
            "DHR Adult A",
            "2021~",
            "arrest",
            None,
            ["Adult B"],
            "Adult B arrested.",
            NOT_STATED_VALUE,
        ),
        (
            "DHR Adult A",
            None,
            "referral to another agency",
            None,
            ["Child C"],
            "Referral to children's services.",
            "missed opportunity",
        ),
        (
            "CSPR Child D",
            "2020-06-12",
            "welfare check",
            None,
            ["Child D", "Mother E"],
            "Welfare check; no concerns recorded.",
            "missed opportunity",
        ),
        (
            "CSPR Child D",
            "2020-08-01",
            "DASH or other risk assessment",
            "standard",
            ["Mother E"],
            "DASH graded standard.",
            "missed opportunity",
        ),
        (
            "CSPR Child D",
            "2020",
            "MASH",
            None,
            ["Child D"],
            "Discussed at the MASH.",
            "good practice",
        ),
        (
            "SAR Mr F",
            "2019~",
            "missing person report",
            None,
            ["Mr F"],
            "Mr F reported missing and found.",
            "neither",
        ),
        (
            "SAR Mr F",
            "2019-10-05",
            "welfare check",
            None,
            ["Mr F"],
            "Welfare check.",
            "missed opportunity",
        ),
    ]
    for review, date, ctype, grade, who, action, judgement in rows:
        values = {
            contact.field("date").id: date,
            contact.field("contact type").id: ctype,
            contact.field("DASH grade").id: grade,
            contact.field("persons involved").id: [kit.person[p] for p in who],
            contact.field("action taken").id: action,
            contact.field("practice judgement").id: judgement,
        }
        values = {k: v for k, v in values.items() if v is not None}
        edit = casedata.add_record(project, review_ids[review], contact.id, values, coder_id)
        kit.contacts.append(edit.record_id)
    return kit
