"""The one segment query: its row is the published column list, and the export, the
coded excerpts and the pool read the same codings from it."""

from __future__ import annotations

from coder.analysis.excerpts import excerpts
from coder.analysis.pool import Pool
from coder.analysis.segments import segment_header, segment_rows
from coder.coding.autocode import autocode
from coder.coding.ingest import import_pdf
from coder.project import codes
from coder.project.segments import DERIVED_COLUMNS, SEGMENT_COLUMNS, SegmentRow
from coder.project.segments import segment_rows as stored_rows
from coder.text.matcher import phrase_query


def test_a_segment_row_is_the_published_columns_it_stores():
    stored = tuple(c for c in SEGMENT_COLUMNS if c not in DERIVED_COLUMNS)
    assert SegmentRow._fields == (*stored, "judgement")


def test_export_excerpts_and_pool_filter_the_same_rows(project, sample):
    import_pdf(project, sample[0], "Ann")
    autocode(project, "Risk/Assessment", phrase_query("risk assessment"), "Ann")
    autocode(project, "Agencies/MARAC", phrase_query("MARAC"), "Ann", effect="supports")
    autocode(project, "Risk", phrase_query("DASH"), "Bob")
    risk = codes.find_by_path(project, "Risk")
    with project.read():
        rows = list(stored_rows(project))
        only_risk = list(stored_rows(project, code_ids=[risk]))
    assert [r.coder for r in rows].count("Bob") == 1
    assert [r.coding_id for r in only_risk] == [r.coding_id for r in rows if r.code_id == risk]
    header = segment_header(project)
    exported = [dict(zip(header, r, strict=True)) for r in segment_rows(project)]
    assert [e["coding_id"] for e in exported] == [r.coding_id for r in rows]
    assert [e["effect"] for e in exported] == [r.effect or "" for r in rows]
    found = excerpts(project, risk)  # Risk and its sub-code, in the same order
    assert [e.coding_id for e in found] == [
        r.coding_id for r in rows if r.code_id != codes.find_by_path(project, "Agencies/MARAC")
    ]
    pool = Pool([project])
    assert sorted(c.coding_id for c in pool.codings) == sorted(r.coding_id for r in rows)
