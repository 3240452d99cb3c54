"""Upgrading a project made with version 1 of the case-review attributes to version 2:
every value kept, removed choices kept where reviews use them, text turned into choices."""

from __future__ import annotations

from coder.cli.main import main
from coder.codebook.attribute_set import load_attribute_set
from coder.codebook.files import shipped_dir
from coder.coding.attribute_upgrade import upgrade_attributes
from coder.coding.ingest import import_pdf
from coder.coding.reviews import (
    add_attributes,
    attribute_values,
    list_attributes,
    list_reviews,
    set_attribute,
)
from coder.project.edit import apply
from coder.project.store import Project
from tests.datafiles import DATA
from tests.dump import table_dump
from tests.pdfkit import PdfBuilder


def _v1_project(tmp_path) -> tuple:
    path = tmp_path / "v1.rcproj"
    with Project.create(path, name="v1") as project:
        add_attributes(
            project, load_attribute_set(DATA / "codebooks-v1" / "review-attributes.yaml"), None
        )
        for name in ("A", "B"):
            b = PdfBuilder()
            b.page()
            b.line(72, 100, f"Review {name}: the police attended twice.")
            pdf = tmp_path / f"{name}.pdf"
            pdf.write_bytes(b.tobytes())
            import_pdf(project, pdf, "Ann")
        spec = {a.name: a for a in list_attributes(project)}
        a, b = sorted(list_reviews(project), key=lambda r: r.name)
        set_attribute(project, a.id, spec["police forces"].id, "kent police; Force X", None)
        set_attribute(project, a.id, spec["subject age band"].id, "18-24", None)
        set_attribute(project, a.id, spec["review type"].id, "CSPR", None)
        set_attribute(project, b.id, spec["subject age band"].id, "25-34", None)
        set_attribute(project, b.id, spec["recommendations for police"].id, 4, None)
        before = {a.name: a for a in list_attributes(project)}
    return path, a.id, b.id, before


def test_upgrading_the_attribute_set_keeps_every_value_and_reports(tmp_path, capsys):
    path, a, b, before = _v1_project(tmp_path)
    assert main(["attributes", str(path), "--define", "review-attributes"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "attributes 'Case review attributes': 26 attributes added, 3 updated"
    assert "  'police forces': kept 'Force X', which the set no longer lists" in out[1]
    assert "  'subject age band': kept '18-24', which the set no longer lists" in out[2]
    with Project.open(path, read_only=True) as project:
        spec = {s.name: s for s in list_attributes(project)}
        assert (
            len(spec)
            == 40
            == len(load_attribute_set(shipped_dir() / "review-attributes.yaml").attributes)
        )
        assert {n: s.id for n, s in spec.items() if n in before} == {
            n: s.id for n, s in before.items()
        }  # matched by id: the same attributes
        forces = spec["police forces"]
        assert forces.type == "choices"
        assert forces.choices[-2:] == ["British Transport Police", "Force X"]
        values = attribute_values(project)
        assert values[a][forces.id] == ["Kent Police", "Force X"]  # the list's spelling
        band = spec["subject age band"]
        assert "18-19" in band.choices and "20-24" in band.choices
        assert band.choices[-1] == "18-24"  # kept: review A uses it
        assert values[a][band.id] == "18-24" and values[b][band.id] == "25-34"
        assert values[a][spec["review type"].id] == "CSPR"
        assert values[b][spec["recommendations for police"].id] == 4
        assert spec["joint review types"].type == "choices"
        assert spec["subject exact age"].type == "integer"
    # again: nothing to add or change
    assert main(["attributes", str(path), "--define", "review-attributes"]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith("0 attributes added, 0 updated")


def test_undoing_an_upgrade_restores_the_rows_byte_for_byte(tmp_path):
    """The upgrade's edit: added attributes, changed definitions and converted values."""
    path, a, _b, before = _v1_project(tmp_path)
    with Project.open(path) as project:
        start = table_dump(project)
        report = upgrade_attributes(
            project, load_attribute_set(shipped_dir() / "review-attributes.yaml"), None
        )
        done = table_dump(project)
        assert len(report.edit.created("attribute")) == len(report.added) == 26
        # review A's police forces, text before, became a list of choices
        assert report.edit.changes.ids("attribute_value") >= {f"{a}/{before['police forces'].id}"}
        apply(project, report.edit.inverse(), None, "undo")
        assert table_dump(project) == start
        apply(project, report.edit, None, "redo")
        assert table_dump(project) == done
        apply(project, report.edit.inverse(), None, "undo")
        assert table_dump(project) == start
