"""A screening decision is an Edit: undone and redone, the tables come back byte for byte."""

from __future__ import annotations

from coder.analysis.candidates_csv import import_candidates
from coder.codebook.attribute_set import load_attribute_set
from coder.codebook.files import shipped_dir
from coder.coding import screening
from coder.coding.reviews import add_attributes
from coder.project import candidates, coders
from coder.project.edit import apply
from tests.dump import table_dump
from tests.samplekit import write_candidates


def test_screen_undo_redo_byte_for_byte(project, tmp_path):
    rows = [
        {
            "title": f"DHR {i}",
            "url": "",
            "repository": "other",
            "retrieved_on": "",
            "publication_status": "",
            "published_on": "",
            "file": "",
            "review type": "",
            "publication year": "",
        }
        for i in range(2)
    ]
    path = write_candidates(tmp_path / "c.csv", rows)
    path.write_text(
        "\n".join(line.rsplit(",", 2)[0] for line in path.read_text().splitlines()) + "\n"
    )  # without the attribute columns: this project has no attributes
    assert import_candidates(project, path, "Lead").added == 2
    first = candidates.list_sample(project)[0].id
    with project.write():
        ann = coders.ensure_coder(project, "Ann").id
    start = table_dump(project)
    made = screening.screen(project, first, "include", "", "Ann")
    assert made.created("screening") and made.changes.touches("screening")
    after_first = table_dump(project)
    changed = screening.screen(project, first, "exclude", "out of scope", "Ann")
    assert not changed.created("screening")
    after_second = table_dump(project)
    apply(project, changed.inverse(), ann, "undo")
    assert table_dump(project) == after_first
    apply(project, made.inverse(), ann, "undo")
    assert table_dump(project) == start
    apply(project, made, ann, "redo")
    apply(project, changed, ann, "redo")
    assert table_dump(project) == after_second


def test_duplicate_decisions_undo_redo_byte_for_byte(project, tmp_path):
    from coder.coding.duplicates import decide
    from coder.coding.ingest import import_pdf
    from coder.project import duplicates
    from tests.samplekit import paragraph, pdf_of

    docs = []
    for i in range(3):
        path = tmp_path / f"r{i}.pdf"
        path.write_bytes(pdf_of([paragraph(i, 150)], producer=str(i)))
        docs.append(import_pdf(project, path, "Ann").document.id)
    with project.write():
        ann = coders.ensure_coder(project, "Ann").id
    start = table_dump(project)
    same = decide(project, docs[0], docs[1], "same_review", "Ann")
    assert len(candidates.list_sample(project)) == 2
    after_same = table_dump(project)
    dup = decide(project, docs[0], docs[2], "duplicate", "Ann")
    assert list(duplicates.list_review_duplicates(project)) == [
        candidates.list_sample(project)[1].id
    ]
    after_dup = table_dump(project)
    apply(project, dup.inverse(), ann, "undo")
    assert table_dump(project) == after_same
    apply(project, same.inverse(), ann, "undo")
    assert table_dump(project) == start
    apply(project, same, ann, "redo")
    apply(project, dup, ann, "redo")
    assert table_dump(project) == after_dup


def test_a_candidate_import_undoes_and_redoes_byte_for_byte(project, tmp_path):
    """The reviews a candidate list adds, with their attribute values, go on undo and come
    back with the same UUIDs on redo."""
    add_attributes(project, load_attribute_set(shipped_dir() / "review-attributes.yaml"), None)
    rows = [
        {
            "title": f"DHR {i}",
            "url": f"https://example.org/{i}",
            "repository": "other",
            "retrieved_on": "2024-05-01",
            "publication_status": "",
            "published_on": "",
            "file": f"dhr-{i}.pdf",
            "review type": "DHR",
            "publication year": "2021" if i else "",
        }
        for i in range(2)
    ]
    path = write_candidates(tmp_path / "c.csv", rows)
    start = table_dump(project)
    result = import_candidates(project, path, "Lead")
    done = table_dump(project)
    assert result.added == 2 and len(result.edit.created("review")) == 2
    assert len(result.edit.created("coder")) == 1  # Lead, new: undo takes Lead out too
    apply(project, result.edit.inverse(), None, "undo")
    assert table_dump(project) == start
    apply(project, result.edit, None, "redo")
    assert table_dump(project) == done
    assert [r.id for r in candidates.list_sample(project)] == result.edit.created("review")
