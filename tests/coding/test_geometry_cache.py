"""The project's cache of document text and geometry: read once, bounded, cleared at one
point (``ProjectCache.clear``)."""

from __future__ import annotations

from coder.coding.ingest import import_pdf
from coder.coding.locate import geometry_for
from coder.project import cache as cache_module
from coder.project import documents


def _imported(project, sample, tmp_path, n: int) -> list[str]:
    _, builder = sample
    ids = []
    for i in range(n):
        builder.doc[0].insert_text((72, 700), f"copy {i}")  # a distinct file each time
        copy = tmp_path / f"copy-{i}.pdf"
        copy.write_bytes(builder.doc.tobytes())
        ids.append(import_pdf(project, copy, "tester").document.id)
    return ids


def test_geometry_is_read_once_and_kept_on_the_project(project, sample, tmp_path, monkeypatch):
    (doc,) = _imported(project, sample, tmp_path, 1)
    reads: list[str] = []
    real = documents.document_text
    monkeypatch.setattr(documents, "document_text", lambda p, d: reads.append(d) or real(p, d))
    first = geometry_for(project, doc)
    first.words(2)
    second = geometry_for(project, doc)
    assert reads == [doc]
    assert second.text == real(project, doc)
    assert project.cache.document(doc).words.keys() == {2}  # page 2's words, read once
    project.cache.clear()
    assert project.cache.documents == {}
    geometry_for(project, doc)
    assert reads == [doc, doc]


def test_the_least_recently_used_document_leaves_first(project, sample, tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "CACHED_DOCUMENTS", 2)
    a, b, c = _imported(project, sample, tmp_path, 3)
    geometry_for(project, a)
    geometry_for(project, b)
    geometry_for(project, a)  # a is now the most recent
    geometry_for(project, c)
    assert list(project.cache.documents) == [a, c]
