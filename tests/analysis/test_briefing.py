"""Briefings from the command line: made with --new, written as DOCX (opened again with
python-docx), PDF and HTML; each theme's numbers checked against the pooled exports of the
same projects; starred quotes with citations; the disclosure check in front."""

from __future__ import annotations

import csv
from collections import defaultdict

import docx
import pymupdf
import pytest
from docx.shared import RGBColor

from coder.cli.main import main
from coder.coding import briefings as make
from coder.project import briefings as repo
from coder.project.store import Project
from tests.briefkit import build

RESTRICTED_QUOTE = "Police did not share the risk information with adult social care."


@pytest.fixture
def kit(tmp_path, capsys):
    made = build(tmp_path)
    capsys.readouterr()
    return made


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _csv(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _new(capsys, kit, *stars: str) -> None:
    argv = ["briefing", kit.path, "--new", "risk", "--theme", "Risk", "--theme", "Factors"]
    argv += ["--title", "Identifying and responding to risk", "--audience", "police officers"]
    for s in stars:
        argv += ["--star", s]
    code, out, err = _run(capsys, *argv)
    assert (code, err) == (0, "")
    assert out == f"made briefing 'risk': 2 themes, {len(stars)} quotes starred\n"
    with Project.open(kit.path) as p:
        b = repo.find_briefing(p, "risk")
        risk = b.themes[0].id
        make.set_theme_text(
            p,
            b.id,
            risk,
            None,
            considerations="Repeat the risk assessment after every incident.\n"
            "Record why a grading was chosen.",
            questions="How does your force check gradings?\nWho reviews a standard grading?",
        )


def _headings(document) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name in ("Title", "Heading 1", "Heading 2")
    ]


def _table(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_the_docx_has_the_headings_sample_numbers_quotes_and_appendix(kit, tmp_path, capsys):
    c = kit.codings
    stars = [c[("DHR Adult X", "1.1")], c[("SAR Mr Z", "1.1")], c[("DHR Adult Y", "1.2")]]
    assert (
        _run(capsys, "disclosure", kit.path, "--document", "SAR Mr Z", "--status", "restricted")[0]
        == 0
    )
    _new(capsys, kit, *stars)
    out = tmp_path / "risk.docx"
    code, printed, err = _run(capsys, "briefing", kit.path, "--briefing", "risk", "--out", out)
    assert (code, err) == (0, "")
    assert printed.splitlines() == [
        f"wrote briefing 'Identifying and responding to risk' (2 themes, 2 quotes) to {out}",
        "disclosure check: 3 quotes checked against 0 sensitive terms and 0 pseudonyms; "
        f"1 left out (unpublished or restricted) (report: {out}.disclosure.txt)",
    ]
    document = docx.Document(str(out))
    assert _headings(document) == [
        ("Title", "Identifying and responding to risk"),
        ("Heading 1", "The sample"),
        ("Heading 1", "Method"),
        ("Heading 1", "Risk"),
        ("Heading 2", "What the reviews say"),
        ("Heading 2", "Considerations for police"),
        ("Heading 2", "Reflective questions"),
        ("Heading 1", "Factors"),
        ("Heading 2", "What the reviews say"),
        ("Heading 1", "Appendix A: definitions of the themes' codes"),
        ("Heading 1", "Appendix B: reviews cited"),
        ("Heading 1", "Notes"),
    ]
    texts = [p.text for p in document.paragraphs]
    assert "For police officers" in texts
    assert (
        "This briefing draws on 3 reviews (2 DHR, 1 SAR), published between 2021 and 2022." in texts
    )
    tables = document.tables
    assert _table(tables[0]) == [
        ["Review type", "2021", "2022", "Total"],
        ["DHR", "1", "1", "2"],
        ["SAR", "0", "1", "1"],
        ["All reviews", "1", "2", "3"],
    ]

    # each theme's numbers, against the pooled exports of the same project
    crosstab, segments, explains = (tmp_path / n for n in ("ct.csv", "seg.csv", "ex.csv"))
    assert (
        _run(
            capsys,
            "export",
            kit.path,
            "--crosstab",
            crosstab,
            "--by",
            "review type",
            "--rollup",
            "--segments",
            segments,
            "--explains",
            explains,
        )[0]
        == 0
    )
    by_code = defaultdict(list)
    for row in _csv(crosstab):
        by_code[row["code_path"]].append(
            [row["value"], row["units_coded"], row["units"], f"{float(row['share']):.0%}"]
        )
    seg = _csv(segments)
    links = _csv(explains)
    risk_tables, factor_tables = tables[1:4], tables[4:6]
    for theme, found in (("Risk", risk_tables), ("Factors", factor_tables)):
        assert _table(found[0])[1:] == by_code[theme], theme
        under = [
            r for r in seg if r["code_path"] == theme or r["code_path"].startswith(theme + "/")
        ]
        expected = [["Practice", "Reviews", "Passages"]]
        for label, judgement in (
            ("Good practice", "good_practice"),
            ("Missed opportunity", "missed_opportunity"),
        ):
            judged = [r for r in under if r["judgement"] == judgement]
            expected.append([label, str(len({r["review_id"] for r in judged})), str(len(judged))])
        assert _table(found[1]) == expected, theme
    # the risk theme's factors: the explains links whose practice is under Risk
    factors = defaultdict(set)
    counts = defaultdict(int)
    for r in links:
        if r["practice_code_path"].startswith("Risk"):
            factors[(r["factor_code_path"], r["effect"])].add(r["unit_id"])
            counts[(r["factor_code_path"], r["effect"])] += 1
    words = {"supports": "supported practice", "hinders": "hindered practice"}
    assert sorted(_table(risk_tables[2])[1:]) == sorted(
        [p, words[e], str(len(u)), str(counts[(p, e)])] for (p, e), u in factors.items()
    )
    assert _table(risk_tables[2])[1:] == [
        ["Factors/Supervision", "supported practice", "1", "1"],
        ["Factors/Workload", "hindered practice", "1", "1"],
    ]
    assert _table(risk_tables[0]) == [
        ["Review type", "Reviews raising it", "Reviews", "Share"],
        ["DHR", "2", "2", "100%"],
        ["SAR", "1", "1", "100%"],
    ]
    assert "Raised in 3 of 3 reviews (100%)." in texts
    assert "Raised in 2 of 3 reviews (67%)." in texts

    # the starred quotes with their numbered citations; the restricted one is absent
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes == [
        "“Officers attended the address and completed a DASH risk assessment.”1",
        "“A supervisor reviewed the case the next morning and raised the grading.”2",
    ]
    superscripts = [
        r.text
        for p in document.paragraphs
        if p.style.name == "Quote"
        for r in p.runs
        if r.font.superscript
    ]
    assert superscripts == ["1", "2"]
    notes = texts[texts.index("Notes") + 1 :]
    assert notes == ["1. DHR Adult X, para 1.1, p. 1", "2. DHR Adult Y, para 1.2, p. 1"]
    assert all(RESTRICTED_QUOTE not in t for t in texts)
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == [
        "Repeat the risk assessment after every incident.",
        "Record why a grading was chosen.",
    ]
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert numbered == ["How does your force check gradings?", "Who reviews a standard grading?"]

    # the appendix: every code the themes count, with its definition; the reviews cited
    assert _table(tables[6]) == [
        ["Code", "Definition"],
        ["Risk", "Identifying and responding to risk."],
        ["Risk/DASH", "Completing a DASH risk assessment."],
        ["Risk/Grading", "How risk was graded."],
        ["Risk/Sharing", "Sharing risk information with partners."],
        ["Factors", "What in the policing environment explains practice."],
        ["Factors/Workload", "Demand on officers and teams."],
        ["Factors/Supervision", "Supervisory oversight of decisions."],
    ]
    assert _table(tables[7]) == [
        ["Review", "Type", "Year"],
        ["DHR Adult X", "DHR", "2021"],
        ["DHR Adult Y", "DHR", "2022"],
    ]
    assert len(tables) == 8

    # released with a reason, the restricted quote is in, cited and listed
    assert (
        _run(
            capsys, "disclosure", kit.path, "--release", stars[1], "--reason", "approved by the SAB"
        )[0]
        == 0
    )
    assert _run(capsys, "briefing", kit.path, "--briefing", "risk", "--out", out)[0] == 0
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert f"“{RESTRICTED_QUOTE}”2" in texts
    assert texts[texts.index("Notes") + 1 :] == [
        "1. DHR Adult X, para 1.1, p. 1",
        "2. SAR Mr Z, para 1.1, p. 1",
        "3. DHR Adult Y, para 1.2, p. 1",
    ]
    assert _table(document.tables[7])[1:] == [
        ["DHR Adult X", "DHR", "2021"],
        ["DHR Adult Y", "DHR", "2022"],
        ["SAR Mr Z", "SAR", "2022"],
    ]


def test_a_sensitive_term_in_a_starred_quote_blocks_the_briefing(kit, tmp_path, capsys):
    grading = kit.codings[("DHR Adult X", "1.2")]
    _new(capsys, kit, kit.codings[("DHR Adult X", "1.1")], grading)
    assert _run(capsys, "disclosure", kit.path, "--term", "Jones")[0] == 0
    out = tmp_path / "risk.docx"
    code, printed, err = _run(capsys, "briefing", kit.path, "--briefing", "risk", "--out", out)
    assert (code, printed) == (1, "")
    assert err.startswith("review-coder: error: risk.docx was not written: 1 quotes name ")
    assert err.count("\n") == 1
    assert not out.exists()
    report = (tmp_path / "risk.docx.disclosure.txt").read_text(encoding="utf-8")
    assert (
        f"- 'Jones' (sensitive term) in DHR Adult X, para 1.2, p. 1 [coding {grading}, "
        "briefing study]: …as standard although Mr Jones had threatened her."
    ) in report
    # unstarred, the briefing goes out
    with Project.open(kit.path) as p:
        b = repo.find_briefing(p, "risk")
        make.unstar(p, b.id, b.themes[0].id, grading, None)
    assert _run(capsys, "briefing", kit.path, "--briefing", "risk", "--out", out)[0] == 0
    assert out.exists()


def test_pdf_and_html_for_review_and_a_template_for_the_styles(kit, tmp_path, capsys):
    _new(capsys, kit, kit.codings[("DHR Adult X", "1.1")])
    html_out, pdf_out = tmp_path / "risk.html", tmp_path / "risk.pdf"
    assert _run(capsys, "briefing", kit.path, "--briefing", "RISK", "--out", html_out)[0] == 0
    page = html_out.read_text(encoding="utf-8")
    assert "<h1 class='title'>Identifying and responding to risk</h1>" in page
    assert "<li id='note-1'>DHR Adult X, para 1.1, p. 1</li>" in page
    assert _run(capsys, "briefing", kit.path, "--briefing", "risk", "--out", pdf_out)[0] == 0
    with pymupdf.open(pdf_out) as pdf:
        text = " ".join(page.get_text() for page in pdf)
    assert "Identifying and responding to risk" in text
    assert "Appendix B: reviews cited" in text

    template = tmp_path / "brand.docx"
    branded = docx.Document()
    branded.styles["Heading 1"].font.color.rgb = RGBColor(0x7A, 0x00, 0x3C)
    branded.add_paragraph("Template text that must not appear")
    branded.save(str(template))
    out = tmp_path / "risk.docx"
    assert (
        _run(
            capsys, "briefing", kit.path, "--briefing", "risk", "--out", out, "--template", template
        )[0]
        == 0
    )
    document = docx.Document(str(out))
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x7A, 0x00, 0x3C)
    assert "Template text that must not appear" not in [p.text for p in document.paragraphs]


def test_bad_briefing_input_is_one_line_and_changes_nothing(kit, tmp_path, capsys):
    _new(capsys, kit)
    not_docx = tmp_path / "t.docx"
    not_docx.write_text("not a zip")
    for argv, message in [
        (["--new", "x"], "name its themes"),
        (["--new", "x", "--theme", "Nope"], "no code 'Nope' in the project"),
        (["--new", "RISK", "--theme", "Risk"], "a briefing named 'RISK' exists already"),
        (
            ["--new", "y", "--theme", "Factors", "--star", kit.codings[("DHR Adult X", "1.1")]],
            "is not under any theme of the briefing",
        ),
        (["--briefing", "nope", "--out", tmp_path / "a.docx"], "no briefing 'nope'"),
        (["--briefing", "risk", "--out", tmp_path / "a.txt"], "a briefing is .docx, .html or .pdf"),
        (["--briefing", "risk"], "--briefing NAME needs --out"),
        (
            ["--briefing", "risk", "--out", tmp_path / "a.docx", "--template", not_docx],
            "t.docx is not a Word document",
        ),
    ]:
        code, _, err = _run(capsys, "briefing", kit.path, *argv)
        assert code in (1, 2) and message in err, (argv, err)
        assert err.count("\n") == 1
    with Project.open(kit.path, read_only=True) as p:
        assert [b.name for b in repo.list_briefings(p)] == ["risk"]
    assert not (tmp_path / "a.docx").exists()


def test_every_briefing_change_is_an_edit_that_undo_and_redo_apply(kit):
    from coder.project import edit

    risk, factors = kit.code_ids["Risk"], kit.code_ids["Factors"]
    with Project.open(kit.path) as p:
        made = make.create_briefing(p, "b", [make.ThemeChoice(code_id=risk)], None)
        bid = made.created("briefing")[0]
        first = repo.get_briefing(p, bid)
        theme = first.themes[0].id
        steps = [
            lambda: make.set_field(p, bid, "method", "Our own method.", None),
            lambda: make.add_theme(p, bid, make.ThemeChoice(code_id=factors), None),
            lambda: make.star(p, bid, kit.codings[("DHR Adult X", "1.1")], None),
            lambda: make.star(p, bid, kit.codings[("DHR Adult Y", "1.2")], None),
            lambda: make.set_theme_text(p, bid, theme, None, considerations="Check gradings."),
            lambda: make.remove_theme(p, bid, theme, None),
        ]
        states, edits = [first], []
        for step in steps:
            edits.append(step())
            states.append(repo.get_briefing(p, bid))
        last = states[-1]
        assert last.method == "Our own method."
        assert [(t.code_id, t.stars) for t in last.themes] == [
            (factors, (kit.codings[("DHR Adult Y", "1.2")],))
        ]
        assert edits[2].changes.ids("briefing_star") == {
            f"{theme}/{kit.codings[('DHR Adult X', '1.1')]}"
        }
        for done, state in zip(reversed(edits), reversed(states[:-1]), strict=True):
            edit.apply(p, done.inverse(), None, "undo")
            assert repo.get_briefing(p, bid) == state
        for done, state in zip(edits, states[1:], strict=True):
            edit.apply(p, done, None, "redo")
            assert repo.get_briefing(p, bid) == state
        edit.apply(p, made.inverse(), None, "undo")
        assert repo.list_briefings(p) == []
        edit.apply(p, made, None, "redo")
        assert repo.get_briefing(p, bid) == first


def test_the_sample_paragraph_gives_the_screening_flows_figures(kit, tmp_path, capsys):
    from coder.analysis.flow import sample_flow
    from coder.coding import reviews, screening

    _new(capsys, kit)
    out = tmp_path / "risk.docx"
    assert _run(capsys, "briefing", kit.path, "--briefing", "risk", "--out", out)[0] == 0
    sample = "This briefing draws on 3 reviews (2 DHR, 1 SAR), published between 2021 and 2022."
    assert sample in [p.text for p in docx.Document(str(out)).paragraphs]  # nothing screened
    with Project.open(kit.path) as p:
        for name, decision, reason in [
            ("DHR Adult X", "include", ""),
            ("DHR Adult Y", "include", ""),
            ("SAR Mr Z", "exclude", "out of scope"),
        ]:
            review = reviews.review_of(p, kit.documents[name]).id
            screening.screen(p, review, decision, reason, "Ann")
        whole = sample_flow(p).whole
    assert (whole.identified_total, whole.included, dict(whole.excluded)) == (
        3,
        2,
        {"out of scope": 1},
    )
    assert _run(capsys, "briefing", kit.path, "--briefing", "risk", "--out", out)[0] == 0
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert (
        f"{sample} The reviews were screened from 3 records identified: 2 included and 1 "
        "excluded (out of scope: 1)."
    ) in texts


def test_linked_recommendations_and_their_statuses_are_in_their_theme(kit, tmp_path, capsys):
    from coder.coding import reviews
    from coder.recommendations import register

    _new(capsys, kit)
    with Project.open(kit.path) as p:
        x = reviews.review_of(p, kit.documents["DHR Adult X"]).id
        y = reviews.review_of(p, kit.documents["DHR Adult Y"]).id
        by_code = register.add_recommendation(
            p, x, "R1", "Forces should repeat the DASH assessment after each incident.", None
        )
        first = by_code.created("recommendation")[0]
        register.update_recommendation(p, first, None, code_ids=[kit.code_ids["Risk/Grading"]])
        register.add_statuses(
            p,
            [register.new_status(p, first, "accepted", "2022-03", "correspondence", "", "", None)],
            None,
        )
        by_coding = register.add_recommendation(
            p, y, "R2", "Supervisors should review standard gradings within a day.", None
        )
        second = by_coding.created("recommendation")[0]
        supervision = kit.codings[("DHR Adult Y", "1.2")]
        register.update_recommendation(p, second, None, coding_ids=[supervision])
        register.add_recommendation(p, y, "R3", "Not linked to anything.", None)
    out = tmp_path / "risk.docx"
    assert _run(capsys, "briefing", kit.path, "--briefing", "risk", "--out", out)[0] == 0
    document = docx.Document(str(out))
    found = [
        _table(t) for t in document.tables if _table(t)[0] == ["Recommendation", "Review", "Status"]
    ]
    assert found == [
        [
            ["Recommendation", "Review", "Status"],
            [
                "R1: Forces should repeat the DASH assessment after each incident.",
                "DHR Adult X",
                "accepted (2022-03)",
            ],
        ],
        [
            ["Recommendation", "Review", "Status"],
            [
                "R2: Supervisors should review standard gradings within a day.",
                "DHR Adult Y",
                "not known",
            ],
        ],
    ]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings.count("Recommendations and their status") == 2
    # a sensitive term in a recommendation blocks the briefing too
    assert _run(capsys, "disclosure", kit.path, "--term", "supervisors")[0] == 0
    code, _, err = _run(capsys, "briefing", kit.path, "--briefing", "risk", "--out", out)
    assert code == 1 and "(supervisors)" in err
