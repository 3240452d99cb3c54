from __future__ import annotations

from coder.analysis.search import search
from coder.coding.autocode import code_matches
from coder.coding.ingest import import_pdf
from coder.project import coders, codes, codings
from coder.text.matcher import phrase_query


def test_search_hits_in_context_with_pages_and_prefixes(project, sample):
    doc = import_pdf(project, sample[0], "Ann").document
    hits = search(project, phrase_query("risk assess*"))
    assert [(h.page, h.match) for h in hits] == [
        (1, "risk assessment"),
        (1, "risk assessment"),
        (2, "risk assessment"),
    ]
    first = hits[0]
    assert first.before == "Officers attended and completed a DASH"
    assert first.after.startswith("with Zoë and Łukasz present.")
    assert first.document_id == doc.id and first.title == "sample review"
    assert search(project, phrase_query("nothing like this")) == []
    with project.write():
        ann = coders.ensure_coder(project, "Ann").id
        code = codes.ensure_path(project, "Risk", ann)
    found = {doc.id: [(h.start, h.end) for h in hits]}
    first_run, second_run = (
        code_matches(project, code, ann, found),
        code_matches(project, code, ann, found),
    )
    assert (first_run.added, len(first_run.edit.created("coding")), first_run.skipped) == (
        3,
        3,
        0,
    )
    assert (second_run.added, second_run.skipped) == (0, 3)
    assert [c.quote for c in codings.list_codings(project)] == [
        "risk\nassessment",
        "risk assessment",
        "risk assessment",
    ]
