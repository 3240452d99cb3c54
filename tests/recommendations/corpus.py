"""Review-like PDFs with recommendations laid out three ways, and the truth about them.

- ``listed``: a numbered list under a "Recommendations" heading (items wrapping over two
  lines, one running on to the next page), an introduction before it, a closing paragraph
  after it, and a running header and footer;
- ``patterned``: "Recommendation N:" paragraphs in the analysis, one whose label stands on
  a line of its own, and a mention of a recommendation inside a sentence (not one);
- ``tabled``: an action-plan table (No., Recommendation, Lead agency, Timescale, Intended
  outcome) drawn with ruled lines, as published action plans are.

Each true recommendation is known by the words it was laid out with: its range runs from
its label's first character to its last word's last character.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.pdfkit import LaidWord, PdfBuilder

W, H = 595.0, 842.0
BODY = 11.0
LEAD = 14.5


@dataclass(frozen=True)
class TrueRec:
    label: str
    first: LaidWord
    last: LaidWord
    text: str  # without the label
    owner: str = ""
    timescale: str = ""
    outcome: str = ""


@dataclass
class Report:
    name: str
    data: bytes = b""
    recs: list[TrueRec] = field(default_factory=list)


class _Writer:
    def __init__(self, header: str) -> None:
        self.b = PdfBuilder()
        self.header = header
        self.pages = 0
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        self.b.page(W, H)
        self.pages += 1
        self.b.line(72, 40, self.header, 8.5)
        self.b.line(W / 2 - 20, 815, f"Page {self.pages}", 8.5)
        self.y = 100.0

    def heading(self, text: str) -> None:
        self.y += 10
        self.b.line(72, self.y, text, 15, bold=True)
        self.y += 26

    def para(self, lines: list[str], x: float = 72) -> list[LaidWord]:
        words: list[LaidWord] = []
        for ln in lines:
            if self.y > 760:
                self.new_page()
            words += self.b.line(x, self.y, ln, BODY)
            self.y += LEAD
        self.y += 10
        return words


def _rec(label: str, words: list[LaidWord], skip: int, **extra: str) -> TrueRec:
    return TrueRec(label, words[0], words[-1], " ".join(w.text for w in words[skip:]), **extra)


def listed() -> Report:
    r = Report("DHR Adult A")
    w = _Writer("Domestic Homicide Review: Adult A")
    w.heading("1 Introduction")
    w.para(["This review examined the response of agencies to Adult A and her family."])
    w.heading("2 Recommendations")
    w.para(["The review panel makes the following recommendations."])
    items = [
        ("1.", ["1. Kent Police should ensure that a DASH risk assessment is completed at"]),
        ("2.", ["2. The College of Policing should update its guidance on repeat victims."]),
        ("3.", ["3. The force should train call handlers to ask about coercive control",
                "and stalking at every domestic abuse call."]),
    ]  # fmt: skip
    items[0][1].append("every domestic abuse incident attended by officers.")
    for label, lines in items:
        words = w.para(lines)
        r.recs.append(_rec(label.rstrip("."), words, 1))
    w.y = 720.0  # the fourth item runs on to the next page
    words = w.para(
        [
            "4. Children's social care and the police should agree how referrals",
            "are acknowledged within two working days of",
            "receipt by the local authority.",
        ]
    )
    r.recs.append(_rec("4", words, 1))
    w.para(["The panel thanks the family for their help with this review."])
    w.heading("3 Appendix")
    w.para(["Terms of reference are set out below for completeness."])
    r.data = w.b.tobytes()
    return r


def patterned() -> Report:
    r = Report("SAR Mr C")
    w = _Writer("Safeguarding Adults Review: Mr C")
    w.heading("1 Analysis")
    w.para(["Officers did not record the concerns raised by neighbours in 2021."])
    words = w.para(
        [
            "Recommendation 1: The Home Office should fund a national review of how",
            "welfare checks are prioritised by police forces.",
        ]
    )
    r.recs.append(_rec("Recommendation 1", words, 2))
    w.para(["As the panel notes in Recommendation 2 below, information was not shared."])
    label = w.para(["Recommendation 2"])
    words = w.para(["Adult social care should share safeguarding referrals with the GP."])
    r.recs.append(_rec("Recommendation 2", label + words, 2))
    words = w.para(["Recommendation 3. Surrey Police should audit the use of body-worn video."])
    r.recs.append(_rec("Recommendation 3", words, 2))
    w.heading("2 Conclusions")
    w.para(["The review found missed opportunities to protect Mr C."])
    r.data = w.b.tobytes()
    return r


_TABLE_X = (72.0, 110.0, 300.0, 390.0, 450.0, 540.0)


def tabled() -> Report:
    r = Report("CSPR Child B")
    w = _Writer("Child Safeguarding Practice Review: Child B")
    w.heading("1 Findings")
    w.para(["Agencies did not share what they knew about Child B's home."])
    w.heading("2 Action plan")
    header = ["No.", "Recommendation", "Lead agency", "Timescale", "Intended outcome"]
    rows = [
        ["1", ["Thames Valley Police should", "review its MASH referral", "process."],
         "Thames Valley Police", "March 2025", ["Referrals seen", "in 24 hours"]],
        ["2", ["The safeguarding partnership", "should audit strategy", "meetings."],
         "Partnership", "June 2025", ["Police attend", "every meeting"]],
        ["3", ["NPCC should issue national", "guidance on child neglect."],
         "NPCC", "2026", ["Guidance", "published"]],
    ]  # fmt: skip
    page = w.b.doc[-1]
    top = w.y
    y = top
    heights = [22.0] + [16.0 + 12.0 * max(len(row[1]), len(row[4])) for row in rows]
    for n, h in enumerate(heights):
        page.draw_line((_TABLE_X[0], y), (_TABLE_X[-1], y), color=(0, 0, 0), width=0.7)
        cells = header if n == 0 else rows[n - 1]
        for col, value in enumerate(cells):
            lines = value if isinstance(value, list) else [value]
            words: list[LaidWord] = []
            for i, text in enumerate(lines):
                words += w.b.line(_TABLE_X[col] + 3, y + 14 + 12 * i, text, 9, bold=n == 0)
            if n > 0 and col == 1:
                row = rows[n - 1]
                r.recs.append(
                    TrueRec(
                        str(row[0]),
                        words[0],
                        words[-1],
                        " ".join(wd.text for wd in words),
                        str(row[2]),
                        str(row[3]),
                        " ".join(row[4]),
                    )
                )
        y += h
    page.draw_line((_TABLE_X[0], y), (_TABLE_X[-1], y), color=(0, 0, 0), width=0.7)
    for x in _TABLE_X:
        page.draw_line((x, top), (x, y), color=(0, 0, 0), width=0.7)
    w.y = y + 30
    w.heading("3 Glossary")
    w.para(["MASH: multi-agency safeguarding hub."])
    r.data = w.b.tobytes()
    return r


def corpus() -> list[Report]:
    return [listed(), patterned(), tabled()]


def true_range(text: str, page_starts: list[int], rec: TrueRec, words) -> tuple[int, int]:
    """The document range of a true recommendation, from its first and last laid words
    (``words``: page -> PageWords of the stored document)."""

    def offset(word: LaidWord, end: bool) -> int:
        pw = words[word.page]
        cx = (word.rect[0] + word.rect[2]) / 2
        cy = (word.rect[1] + word.rect[3]) / 2
        for i in range(pw.count):
            x0, y0, x1, y1 = pw.box(i)
            if x0 <= cx <= x1 and y0 <= cy <= y1:
                s, e, _ = pw.span(i)
                return page_starts[word.page - 1] + (e if end else s)
        raise AssertionError(f"word {word.text!r} not found on page {word.page}")

    return offset(rec.first, False), offset(rec.last, True)
