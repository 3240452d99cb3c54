"""Adjudication into a consensus layer: agreed codings automatically, each disagreement
accepted or rejected, every coder's own layer untouched, every step undoable."""

from __future__ import annotations

import pytest

from coder.coding.ingest import import_pdf
from coder.coding.operations import code_text
from coder.errors import InvalidInputError
from coder.project import coders, codes, codings, documents
from coder.project.edit import Edit, apply
from coder.project.store import Project
from coder.teamwork.consensus import (
    CONSENSUS,
    build_consensus,
    consensus_coder,
    decide,
    disagreements,
)
from tests.conftest import sample_pdf
from tests.dump import table_dump


def layer(p: Project, name: str) -> list[tuple]:
    coder = coders.find_coder(p, name)
    if coder is None:
        return []
    return sorted(
        (c.code_id, c.char_start, c.char_end, c.effect)
        for c in codings.list_codings(p)
        if c.coder_id == coder.id
    )


def test_consensus_layer(tmp_path):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(sample_pdf()[0])
    p = Project.create(tmp_path / "a.rcproj", user="Lead")
    import_pdf(p, pdf, "Lead")
    (doc,) = documents.list_documents(p)
    text = documents.document_text(p, doc.id)
    with p.write():
        risk = codes.ensure_path(p, "Risk", None)
        marac = codes.ensure_path(p, "MARAC", None)
        ann, bob = (coders.ensure_coder(p, n).id for n in ("Ann", "Bob"))
    at = text.index("risk assessment")
    m = text.index("MARAC")
    # agree on the risk assessment (same words); disagree on MARAC and on a lone coding
    code_text(p, doc.id, risk, ann, at, at + 15)
    code_text(p, doc.id, risk, bob, at, at + 15, "supports")
    code_text(p, doc.id, marac, ann, m, m + 5)
    code_text(p, doc.id, marac, bob, m - 20, m + 5)  # overlaps 5 of 25 characters
    code_text(p, doc.id, risk, bob, 0, 8)
    before = {name: layer(p, name) for name in ("Ann", "Bob")}

    step = build_consensus(p, ["Ann", "Bob"], 0.9, ann)
    assert layer(p, CONSENSUS) == [(risk, at, at + 15, None)]  # Ann's coding stands for both
    assert len(step.created("coding")) == 1 and len(step.created("adjudication")) == 2
    assert build_consensus(p, ["Ann", "Bob"], 0.9, ann).created("coding") == []  # nothing new
    open_ = disagreements(p, ["Ann", "Bob"], 0.9)
    assert sorted((d["coder"], d["char_start"], d["decision"]) for d in open_) == [
        ("Ann", m, None),
        ("Bob", 0, None),
        ("Bob", m - 20, None),
    ]
    ann_marac = next(d for d in open_ if d["coder"] == "Ann")["coding_id"]
    bob_lone = next(d for d in open_ if d["char_start"] == 0)["coding_id"]
    accepted = decide(p, ann_marac, True, ann)
    rejected = decide(p, bob_lone, False, ann)
    assert layer(p, CONSENSUS) == sorted([(risk, at, at + 15, None), (marac, m, m + 5, None)])
    decisions = {d["coding_id"]: d["decision"] for d in disagreements(p, ["Ann", "Bob"], 0.9)}
    assert decisions[ann_marac] == "accepted" and decisions[bob_lone] == "rejected"
    # each coder's own layer is as it was
    assert {name: layer(p, name) for name in ("Ann", "Bob")} == before
    # undo, step by step
    apply(p, rejected.inverse(), ann, "undo")
    apply(p, accepted.inverse(), ann, "undo")
    assert layer(p, CONSENSUS) == [(risk, at, at + 15, None)]
    apply(p, step.inverse(), ann, "undo")
    assert layer(p, CONSENSUS) == []
    assert p.conn.execute("SELECT count(*) FROM adjudications").fetchone() == (0,)
    with pytest.raises(InvalidInputError, match="consensus layer"):
        build_consensus(p, ["Ann", CONSENSUS], 0.9, ann)
    p.close()


def test_the_first_consensus_undoes_with_its_coder_byte_for_byte(tmp_path):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(sample_pdf()[0])
    p = Project.create(tmp_path / "a.rcproj", user="Lead")
    import_pdf(p, pdf, "Lead")
    (doc,) = documents.list_documents(p)
    at = documents.document_text(p, doc.id).index("risk assessment")
    with p.write():
        risk = codes.ensure_path(p, "Risk", None)
        ann, bob = (coders.ensure_coder(p, n).id for n in ("Ann", "Bob"))
    code_text(p, doc.id, risk, ann, at, at + 15)
    code_text(p, doc.id, risk, bob, at, at + 15)
    before = table_dump(p)

    step = build_consensus(p, ["Ann", "Bob"], 0.9, ann)
    layer_id = coders.find_coder(p, CONSENSUS).id
    assert step.created("coder") == [layer_id]  # the layer is made by the edit that needs it
    after = table_dump(p)
    apply(p, step.inverse(), ann, "undo")
    assert table_dump(p) == before
    assert coders.find_coder(p, CONSENSUS) is None
    apply(p, step, ann, "redo")
    assert table_dump(p) == after
    # asked for on its own, the layer comes with the edit that made it, once
    apply(p, step.inverse(), ann, "undo")
    made, edit = consensus_coder(p)
    assert made == coders.find_coder(p, CONSENSUS).id and edit.created("coder") == [made]
    assert consensus_coder(p) == (made, Edit())
    apply(p, edit.inverse(), ann, "undo")
    assert table_dump(p) == before
    p.close()
