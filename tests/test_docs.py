"""The README is the manual: every command and option must be documented there."""

from __future__ import annotations

import json
import re
from pathlib import Path

from coder.analysis.segments import SEGMENT_COLUMNS
from coder.cli.main import build_parser, main
from coder.demo.project import ensure_demo

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands():
    parser = build_parser()
    return parser._subparsers._group_actions[0].choices


def test_every_command_and_option_is_in_the_readme():
    for name, sub in _commands().items():
        assert f"review-coder {name}" in README, name
        for action in sub._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert option in README, f"{name} {option}"


def test_every_segment_column_is_documented_in_order():
    table = README[README.index("<!-- segment-columns -->") :]
    documented = re.findall(r"^\| `([a-z0-9_:<>]+)` \|", table, flags=re.MULTILINE)
    assert tuple(documented[: len(SEGMENT_COLUMNS)]) == SEGMENT_COLUMNS


def test_quick_start_commands_are_the_ones_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install -q -e '.[test]'" in ci
    assert "pip install -e '.[test]'" in README
    assert "QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest" in README
    assert "QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest" in ci


def _readme_json(marker: str):
    start = README.index("```json", README.index(marker)) + len("```json")
    return json.loads(README[start : README.index("```", start)])


def test_info_json_example_is_the_demos_real_output(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REVIEW_CODER_DATA", str(tmp_path))
    assert main(["info", str(ensure_demo()), "--json"]) == 0
    real = json.loads(capsys.readouterr().out)
    real["project_id"] = "…"
    for doc in real["documents"]:
        doc["id"] = doc["sha256"] = "…"
    assert _readme_json("<!-- info-json -->") == real


def test_case_data_columns_are_documented_as_written():
    from coder.analysis.casedata_tables import kind_header
    from coder.codebook.case_schema import load_case_schema
    from coder.codebook.files import shipped_dir

    listed = README[README.index("<!-- casedata-columns -->") :].split("\n\n")[0]
    schema = load_case_schema(shipped_dir() / "case-data.yaml")
    for kind in schema.kinds:
        line = next(x for x in listed.splitlines() if x.startswith(f"- `{kind.file}`: "))
        columns = line.split(": `", 1)[1].rstrip("`").split(", ")
        assert columns == [*kind_header(kind, []), "attr:…"], kind.file


def test_every_kind_of_check_finding_is_documented():
    from coder.project.check import KINDS

    table = README[README.index("<!-- check-kinds -->") :]
    table = table[: table.index("\n\n")]
    documented = re.findall(
        r"`([a-z_]+)`", "\n".join(r.split("|")[1] for r in table.splitlines()[3:])
    )
    assert sorted(documented) == sorted(KINDS)


def test_check_json_example_has_the_real_fields(tmp_path, capsys):
    from coder.project.check import CheckReport, Finding

    example = _readme_json("<!-- check-json -->")
    real = CheckReport(tmp_path / "p.rcproj", [Finding("coding_quote", "m", "codings", "x")])
    assert list(example) == list(real.as_json())
    assert list(example["findings"][0]) == list(real.as_json()["findings"][0])
