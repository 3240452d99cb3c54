from __future__ import annotations

import csv

import pytest

from coder.analysis.attributes_csv import export_attributes, import_attributes
from coder.analysis.segments import segment_header, segment_rows
from coder.cli.main import main
from coder.codebook.attribute_set import NOT_STATED_VALUE, load_attribute_set
from coder.codebook.files import shipped_dir
from coder.coding import reviews
from coder.coding.autocode import autocode
from coder.coding.ingest import import_pdf
from coder.errors import InvalidInputError
from coder.project.edit import apply
from coder.text.matcher import phrase_query
from tests.dump import table_dump
from tests.pdfkit import PdfBuilder


def _pdf(tmp_path, name: str, title_line: str) -> str:
    b = PdfBuilder()
    b.page()
    b.line(72, 100, title_line)
    b.line(72, 120, "The risk assessment was not repeated.")
    path = tmp_path / name
    path.write_bytes(b.tobytes())
    return path


@pytest.fixture
def three(project, tmp_path):
    docs = [
        import_pdf(project, _pdf(tmp_path, f"{n}.pdf", f"Report {n}"), "Ann").document
        for n in ("DHR Adult A overview", "DHR Adult A summary", "SAR Mr B")
    ]
    reviews.add_attributes(
        project, load_attribute_set(shipped_dir() / "review-attributes.yaml"), None
    )
    autocode(project, "Risk", phrase_query("risk assessment"), "Ann")
    return docs


def _attr(project, name):
    return next(a for a in reviews.list_attributes(project) if a.name == name)


def _table(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_grouping_two_documents_is_one_review_in_exports_and_undoes(project, three):
    a, b, c = three
    assert len(reviews.list_reviews(project)) == 3
    review_a = reviews.review_of(project, a.id).id
    reviews.set_attribute(
        project, reviews.review_of(project, b.id).id, _attr(project, "review type").id, "DHR", None
    )
    snap = reviews.group_documents(project, [a.id, b.id], None)
    grouped = reviews.review_of(project, b.id)
    assert grouped.id == review_a
    assert set(grouped.document_ids) == {a.id, b.id}
    assert len(reviews.list_reviews(project)) == 2
    header = segment_header(project)
    rows = [dict(zip(header, r, strict=True)) for r in segment_rows(project)]
    by_doc = {r["document_id"]: r for r in rows}
    assert by_doc[a.id]["review_id"] == by_doc[b.id]["review_id"] == review_a
    assert by_doc[b.id]["review_name"] == "DHR Adult A overview"
    assert by_doc[a.id]["attr:review type"] == "DHR"  # taken from the review merged in
    assert by_doc[c.id]["attr:review type"] == ""
    apply(project, snap.inverse(), None, "undo")
    assert len(reviews.list_reviews(project)) == 3
    assert reviews.review_of(project, b.id).id != review_a
    with pytest.raises(InvalidInputError, match="at least two"):
        reviews.group_documents(project, [a.id], None)


def test_separate_a_document_and_undo(project, three):
    a, b, _ = three
    reviews.group_documents(project, [a.id, b.id], None)
    snap = reviews.separate_document(project, b.id, None)
    assert reviews.review_of(project, b.id).name == "DHR Adult A summary"
    assert len(reviews.list_reviews(project)) == 3
    apply(project, snap.inverse(), None, "undo")
    assert len(reviews.list_reviews(project)) == 2


def test_typed_values_and_not_stated_kept_apart_from_empty(project, three, tmp_path):
    review = reviews.review_of(project, three[0].id).id
    year = _attr(project, "publication year")
    reviews.set_attribute(project, review, year.id, "2021", None)
    reviews.set_attribute(
        project, review, _attr(project, "subject age band").id, "not stated", None
    )
    reviews.set_attribute(project, review, _attr(project, "included in sample").id, "yes", None)
    values = reviews.attribute_values(project)[review]
    assert values[year.id] == 2021
    assert values[_attr(project, "subject age band").id] is NOT_STATED_VALUE
    assert values[_attr(project, "included in sample").id] is True
    for bad, message in (("twenty", "needs a whole number"), ("2021-13", None)):
        with pytest.raises(InvalidInputError, match=message or "needs a date"):
            attr = year if message else _attr(project, "period under review start")
            reviews.set_attribute(project, review, attr.id, bad, None)
    out = tmp_path / "attrs.csv"
    export_attributes(project, out)
    table = _table(out)
    assert table[0][:9] == [
        "review_id",
        "review_name",
        "documents",
        "source_url",
        "repository",
        "retrieved_on",
        "publication_status",
        "published_on",
        "review type",
    ]
    row = next(r for r in table if r[0] == review)
    cells = dict(zip(table[0], row, strict=True))
    assert (
        cells["publication year"],
        cells["subject age band"],
        cells["subject sex"],
        cells["included in sample"],
    ) == ("2021", "not stated", "", "yes")
    assert cells["documents"] == "DHR Adult A overview.pdf"


def test_attribute_csv_import_is_all_or_nothing_unless_partial(project, three, tmp_path, capsys):
    a, _, c = three
    path = tmp_path / "in.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "review_id",
                "review_name",
                "documents",
                "review type",
                "publication year",
                "police forces",
            ]
        )
        w.writerow(
            [
                reviews.review_of(project, a.id).id,
                "",
                "",
                "DHR",
                "2020",
                "Kent Police; Essex Police",
            ]
        )
        w.writerow(["", "", "DHR Adult A summary.pdf", "dhr", "not stated", ""])  # by file name
        w.writerow(["", "", c.sha256, "SAR", "twenty twenty", ""])  # bad year
        w.writerow(["", "No such review", "", "DHR", "", ""])  # no match
    before = reviews.attribute_values(project)
    result = import_attributes(project, path, None)
    assert result.applied == 0
    assert result.errors == [
        "row 4: 'publication year' needs a whole number, not 'twenty twenty'",
        "row 5: matches no review (review_name 'No such review')",
    ]
    assert reviews.attribute_values(project) == before
    project.close()
    assert main(["attributes", str(project.path), "--import", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "nothing applied: 2 problem(s); fix them, or use --partial"
    assert main(["attributes", str(project.path), "--import", str(path), "--partial"]) == 1
    assert "2 reviews updated, 2 rows skipped" in capsys.readouterr().out
    out_csv = tmp_path / "out.csv"
    assert main(["attributes", str(project.path), "--out", str(out_csv)]) == 0
    rows = {r[2]: dict(zip(_table(out_csv)[0], r, strict=True)) for r in _table(out_csv)[1:]}
    assert rows["DHR Adult A overview.pdf"]["police forces"] == "Kent Police; Essex Police"
    assert rows["DHR Adult A summary.pdf"]["review type"] == "DHR"
    assert rows["DHR Adult A summary.pdf"]["publication year"] == "not stated"
    assert rows["SAR Mr B.pdf"]["review type"] == ""


def test_attribute_csv_refuses_unknown_columns_and_ambiguous_rows(project, three, tmp_path):
    a, b, _ = three
    reviews.group_documents(project, [a.id, b.id], None)
    path = tmp_path / "in.csv"
    path.write_text(
        "documents,colour of report\nDHR Adult A overview.pdf; SAR Mr B.pdf,blue\n",
        encoding="utf-8",
    )
    result = import_attributes(project, path, None)
    assert result.errors == [
        "column 'colour of report' is not an attribute of this project; define it first "
        "(review-coder new --attributes, or the app)",
        "row 2: matches more than one review; give its review_id",
    ]
    path.write_text("nothing,here\n1,2\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="needs a review_id, review_name or documents"):
        import_attributes(project, path, None)


def test_grouping_keeps_the_recommendations_of_the_review_that_goes(project, three):
    """An overview report and its executive summary were imported as two reviews, and a
    researcher recorded a recommendation on each before grouping them: both recommendations
    (with their status entries) belong to the kept review afterwards, and undo gives each
    back to its own review. (Grouping used to delete the second review's recommendations
    along with the review.)"""
    from coder.project import recommendations as rec_repo
    from coder.recommendations import register

    a, b, _ = three
    review_a = reviews.review_of(project, a.id).id
    review_b = reviews.review_of(project, b.id).id
    register.add_recommendation(project, review_a, "R1", "Share referrals with the GP.", None)
    made = register.add_recommendation(
        project, review_b, "2.1", "Complete DASH at every incident.", None
    )
    (rec_b,) = made.created("recommendation")
    register.add_statuses(
        project,
        [
            register.new_status(
                project, rec_b, "accepted", "2025-03-01", "correspondence", "", "", None
            )
        ],
        None,
    )
    before = {r.id: r.review_id for r in rec_repo.list_recommendations(project)}

    grouped = reviews.group_documents(project, [a.id, b.id], None)
    after = rec_repo.list_recommendations(project)
    assert sorted((r.label, r.review_id) for r in after) == [("2.1", review_a), ("R1", review_a)]
    assert [s.status for s in rec_repo.get_recommendation(project, rec_b).statuses] == ["accepted"]

    apply(project, grouped.inverse(), None, "undo")
    assert {r.id: r.review_id for r in rec_repo.list_recommendations(project)} == before


def test_an_attribute_import_undoes_and_redoes_byte_for_byte(project, three, tmp_path):
    """Values set, changed and cleared, and a review's provenance: undo puts back the
    rows as they were, redo the rows the import wrote."""
    a, _b, c = three
    review_a, review_c = (reviews.review_of(project, d.id).id for d in (a, c))
    year = _attr(project, "publication year").id
    reviews.set_attribute(project, review_c, year, 2019, None)
    reviews.set_attribute(project, review_a, year, 2018, None)
    path = tmp_path / "in.csv"
    path.write_text(
        "review_id,source_url,review type,publication year,police forces\n"
        f"{review_a},https://example.org/a,DHR,2020,Kent Police; Essex Police\n"
        f"{review_c},,SAR,,\n",
        encoding="utf-8",
    )
    start = table_dump(project)
    result = import_attributes(project, path, None)
    done = table_dump(project)
    assert result.errors == [] and result.applied == 2
    assert result.edit.changes.touches("review") and result.edit.changes.touches("attribute_value")
    apply(project, result.edit.inverse(), None, "undo")
    assert table_dump(project) == start
    apply(project, result.edit, None, "redo")
    assert table_dump(project) == done
    apply(project, result.edit.inverse(), None, "undo")
    assert table_dump(project) == start
