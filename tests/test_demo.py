from __future__ import annotations

from coder.analysis.segments import segment_header, segment_rows
from coder.demo.project import AUTOCODES, ensure_demo
from coder.project import codings, documents
from coder.project.check import check_project
from coder.project.store import Project


def test_demo_project_is_made_once_and_is_sound(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEW_CODER_DATA", str(tmp_path / "data"))
    path = ensure_demo()
    assert path == tmp_path / "data" / "demo.rcproj"
    stamp = path.stat().st_mtime_ns
    assert ensure_demo() == path and path.stat().st_mtime_ns == stamp
    with Project.open(path) as project:
        assert check_project(project) == []
        docs = documents.list_documents(project)
        assert [d.pages for d in docs] == [10, 14, 9]
        rows = list(segment_rows(project))
        paths = {r[5] for r in rows}
        assert paths == {p for p, _, _ in AUTOCODES} | {"Figures and tables"}
        header = segment_header(project)
        named = [dict(zip(header, r, strict=True)) for r in rows]
        assert {(r["document_title"].split(":")[0], r["attr:review type"]) for r in named} == {
            ("Child Safeguarding Practice Review", "CSPR"),
            ("Domestic Homicide Review", "DHR"),
            ("Safeguarding Adults Review", "SAR"),
        }
        areas = [c for c in codings.list_codings(project) if c.kind == "area"]
        assert len(areas) == 1
        # every text coding is a whole sentence ending in a full stop
        assert all(r[12].endswith(".") for r in rows if r[17] == "text")


def test_demo_judges_practice_and_links_factors_to_it(tmp_path, monkeypatch):
    from coder.demo.project import FACTORS, JUDGEMENTS
    from coder.project import codes, links

    monkeypatch.setenv("REVIEW_CODER_DATA", str(tmp_path / "data"))
    with Project.open(ensure_demo(), read_only=True) as project:
        tree = codes.code_tree(project)
        every = codings.list_codings(project)
        by_id = {c.id: c for c in every}
        for c in every:  # each practice coding has its code's judgement, nothing else has one
            assert c.judgement == JUDGEMENTS.get(tree.path(c.code_id)), tree.path(c.code_id)
        found = links.list_links(project)
        assert len(found) == 15
        for link in found:
            factor, practice = by_id[link.from_coding_id], by_id[link.to_coding_id]
            assert tree.path(factor.code_id) in FACTORS and practice.judgement is not None
            assert factor.document_id == practice.document_id
            assert 0 <= factor.char_start - practice.char_end <= 2  # the next sentence
