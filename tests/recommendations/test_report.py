"""The theme report lists the recommendations linked to its theme."""

from __future__ import annotations

from pathlib import Path

from coder.analysis.pool import Pool
from coder.analysis.report import report_html
from coder.coding.ingest import import_pdf
from coder.project import coders, codes
from coder.project import recommendation_suggestions as found_repo
from coder.project import recommendations as repo
from coder.project.store import Project
from coder.recommendations import register, suggestions
from tests.recommendations.corpus import listed


def test_a_theme_report_lists_the_recommendations_linked_to_the_theme(tmp_path: Path):
    r = listed()
    pdf = tmp_path / f"{r.name}.pdf"
    pdf.write_bytes(r.data)
    path = tmp_path / "p.rcproj"
    with Project.create(path, user="Ann") as p:
        import_pdf(p, pdf, "Ann")
        with p.write():
            ann = coders.ensure_coder(p, "Ann").id
            parent = codes.ensure_path(p, "Risk", None)
            dash = codes.ensure_path(p, "Risk/DASH", None)
            other = codes.ensure_path(p, "Training", None)
        suggestions.detect_all(p)
        suggestions.accept(p, [s.id for s in found_repo.list_suggestions(p)], ann)
        first, second, third, _ = repo.list_recommendations(p)
        register.update_recommendation(p, first.id, ann, code_ids=[dash])
        register.update_recommendation(p, third.id, ann, code_ids=[other])
        del parent, second
    with Project.open(path, read_only=True) as p:
        page, _ = report_html(Pool([p]), "Risk")
        assert "<h2>Recommendations linked to this theme (1)</h2>" in page
        assert (
            "<li><b>DHR Adult A, 1</b>: Kent Police should ensure that a DASH risk assessment "
            "is completed at every domestic abuse incident attended by officers. "
            "<span class='meta'>(Kent Police; local; status: not known)</span></li>"
        ) in page
        assert "coercive control" not in page
        training, _ = report_html(Pool([p]), "Training")
        assert "Recommendations linked to this theme (1)" in training
        assert "The force should train call handlers" in training
