"""Merging the recommendations register: records by UUID, edits, deletions honoured,
every status entry kept once, rejections kept."""

from __future__ import annotations

import time
from pathlib import Path

from coder.coding.ingest import import_pdf
from coder.project import coders
from coder.project import recommendation_suggestions as found_repo
from coder.project import recommendations as repo
from coder.project.store import Project
from coder.recommendations import register, suggestions
from coder.teamwork.distribute import distribute
from coder.teamwork.merge import plan_merge
from coder.teamwork.merge_write import write_merge
from tests.recommendations.corpus import listed, patterned


def _coder(project, name):
    with project.write():
        return coders.ensure_coder(project, name).id


def test_recommendations_and_responses_merge_by_uuid(tmp_path: Path):
    template = tmp_path / "template.rcproj"
    with Project.create(template, user="Lead") as p:
        for r in (listed(), patterned()):
            pdf = tmp_path / f"{r.name}.pdf"
            pdf.write_bytes(r.data)
            import_pdf(p, pdf, "Lead")
        suggestions.detect_all(p)
        sugs = found_repo.list_suggestions(p)
        suggestions.accept(p, [s.id for s in sugs[:5]], _coder(p, "Lead"))
    ann_path, bo_path = distribute(template, ["Ann", "Bo"], tmp_path / "copies")
    with Project.open(ann_path, user="Ann") as p:
        ann = _coder(p, "Ann")
        recs = repo.list_recommendations(p)
        first, second = recs[0], recs[1]
        time.sleep(0.01)
        register.update_recommendation(p, first.id, ann, {"owner": "Chief Constable"})
        entry = register.new_status(p, first.id, "accepted", "2024-01-10", "correspondence",
                                    "", "letter", ann)  # fmt: skip
        register.add_statuses(p, [entry], ann)
        (open_sug,) = [s for s in found_repo.list_suggestions(p) if s.label == "Recommendation 2"]
        suggestions.reject(p, [open_sug.id], ann)
    with Project.open(bo_path, user="Bo") as p:
        bo = _coder(p, "Bo")
        entry = register.new_status(p, first.id, "implemented", "2025-03-01", "url",
                                    "https://example.org/done", "", bo)  # fmt: skip
        register.add_statuses(p, [entry], bo)
        time.sleep(0.01)
        register.delete_recommendation(p, second.id, bo)
    out = tmp_path / "merged.rcproj"
    with plan_merge([ann_path, bo_path]) as plan:
        write_merge(plan, out)
    with Project.open(out, read_only=True) as p:
        merged = {r.id: r for r in repo.list_recommendations(p)}
        assert second.id not in merged
        assert len(merged) == 4
        mine = merged[first.id]
        assert mine.owner == "Chief Constable"
        assert [(e.status, e.date) for e in mine.statuses] == [
            ("accepted", "2024-01-10"),
            ("implemented", "2025-03-01"),
        ]
        assert mine.status == "implemented"
        assert mine.addressees == first.addressees
        assert (mine.char_start, mine.char_end) == (first.char_start, first.char_end)
        assert [r.label for r in found_repo.list_rejections(p)] == ["Recommendation 2"]
        assert found_repo.list_suggestions(p) == []  # not carried: detecting again makes them
    with Project.open(out, user="Lead") as p:
        suggestions.detect_all(p)
        labels = sorted(s.label for s in found_repo.list_suggestions(p))
    # 7 found; 4 records, 1 rejected: the deleted one is suggested again, and Recommendation 3
    assert labels == sorted([second.label, "Recommendation 3"])
