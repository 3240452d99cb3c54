"""Attaching PDFs to candidate reviews added before their documents.

A PDF finds its review by, in this order: the candidate's ``file`` (the file name it was
listed under), the last part of the candidate's source URL (``.../dhr-adult-a.pdf``), then
the review's name equal to the PDF's title or its file name without ``.pdf`` (case,
spacing and punctuation aside). The first rule that matches exactly one review decides;
a file that matches several reviews, or none, is not attached and the outcome says why.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from coder.coding.ingest import ImportOutcome, store_extracted
from coder.errors import CoderError
from coder.pdf.extract import extract_pdf, read_file_bytes, sha256_of
from coder.project import candidates, documents
from coder.project.candidates import SampleReview
from coder.project.store import Project


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def url_file_name(url: str) -> str:
    """The last part of a URL's path, decoded ('' when it has none)."""
    path = urlsplit(url).path
    return unquote(path.rsplit("/", 1)[-1]) if path else ""


def match_review(reviews: list[SampleReview], file_name: str, title: str) -> SampleReview:
    """The one review a PDF belongs to (see the module docstring). Raises CoderError."""
    name = file_name.casefold()
    rules = (
        ("file name", lambda r: bool(r.expected_file) and r.expected_file.casefold() == name),
        (
            "URL",
            lambda r: (
                bool(r.provenance.source_url)
                and url_file_name(r.provenance.source_url).casefold() == name
            ),
        ),
        (
            "title",
            lambda r: _key(r.name) in {_key(title), _key(Path(file_name).stem)} - {""},
        ),
    )
    for label, rule in rules:
        found = [r for r in reviews if rule(r)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(f"'{r.name}'" for r in found[:3])
            raise CoderError(
                f"matches {len(found)} reviews by {label} ({names}); give the candidates "
                "different file names in the candidates list"
            )
    raise CoderError(
        "matches no review by file name, URL or title; add a 'file' column naming it to "
        "the candidates list, or rename the file"
    )


def attach_pdf(project: Project, path: str | Path, coder_name: str) -> ImportOutcome:
    """Import one PDF into the review it matches. Never raises for a bad or unmatched file:
    the outcome says why it was not attached."""
    path = Path(path)
    try:
        data = read_file_bytes(path)
        existing = documents.find_by_sha256(project, sha256_of(data))
        if existing:
            return ImportOutcome(path, "duplicate", existing, f"same file as '{existing.title}'")
        extracted = extract_pdf(data, path.name)
        review = match_review(candidates.list_sample(project), path.name, extracted.title)
        return store_extracted(project, extracted, coder_name, path, review_id=review.id)
    except CoderError as exc:
        return ImportOutcome(path, "failed", message=str(exc))


def require_pdf(project: Project, review_id: str) -> None:
    """Refuse to code a review that has no document yet (a candidate). Raises CoderError."""
    if candidates.document_count(project, review_id) == 0:
        name = candidates.review_name(project, review_id)
        raise CoderError(
            f"'{name}' has no PDF yet; attach it with review-coder sample PROJECT --attach FILE "
            "before coding"
        )
