"""Review-like PDFs made with PyMuPDF, with the truth about their structure.

Three layouts, after published DHR and CSPR overview reports: numbered headings with
hanging paragraph numbers (5.12) in the margin; unnumbered bold headings with paragraphs
numbered through the document (12.); two columns with numbers inline and a trailing full
stop (3.4.). Each has a cover, a contents page (not sections), a running header and a
footer (not headings), headings that wrap over two lines, and paragraphs that run on
across columns and pages.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from coder.demo.pdfgen import NAMES, SENTENCES
from tests.pdfkit import LaidWord, PdfBuilder

W, H = 595.0, 842.0
TOP, BOTTOM = 92.0, 768.0
BODY = 11.0
LEADING = 14.5


@dataclass(frozen=True)
class TrueHeading:
    first: LaidWord
    last: LaidWord
    level: int
    number: str
    title: str
    kind: str


@dataclass(frozen=True)
class TrueParagraph:
    number: str
    first: LaidWord
    last: LaidWord


@dataclass
class Corpus:
    name: str
    data: bytes = b""
    headings: list[TrueHeading] = field(default_factory=list)
    paragraphs: list[TrueParagraph] = field(default_factory=list)


#: (title, kind, subsections): the sections of an overview report
SECTIONS = [
    ("Introduction", "introduction", []),
    ("Terms of reference", "terms-of-reference", []),
    ("Methodology and the review process", "methodology", []),
    ("Background and the family", "background", ["The family", "Contact with agencies"]),
    ("Chronology of agency involvement", "chronology", []),
    ("Analysis", "analysis", ["Risk assessment", "Information sharing between agencies"]),
    (
        "Findings and conclusions about the response of agencies in the partnership to the "
        "risks that were known",
        "findings",
        [],
    ),
    ("Lessons learned", "lessons-learned", []),
    ("Good practice", "good-practice", []),
    ("Recommendations", "recommendations", []),
    ("Action plan", "action-plan", []),
]


class _Layout:
    def __init__(
        self,
        corpus: Corpus,
        rng: random.Random,
        header: str,
        footer: str,
        columns: int = 1,
        hanging: bool = True,
        stop: bool = False,
    ) -> None:
        self.c = corpus
        self.rng = rng
        self.b = PdfBuilder()
        self.header, self.footer = header, footer
        self.columns, self.hanging, self.stop = columns, hanging, stop
        gap = 24.0
        self.col_w = (W - 144 - gap * (columns - 1)) / columns
        self.col_xs = [72 + i * (self.col_w + gap) for i in range(columns)]
        self.col = 0
        self.y = TOP
        self.pages = 0

    # pages and flow
    def new_page(self, furniture: bool = True) -> None:
        self.b.page(W, H)
        self.pages += 1
        if furniture:
            self.b.line(72, 40, self.header, 8.5)
            self.b.line(W / 2 - 20, 815, self.footer.format(n=self.pages), 8.5)
        self.col, self.y = 0, TOP

    def advance(self, height: float) -> None:
        if self.y + height > BOTTOM:
            if self.col + 1 < self.columns:
                self.col, self.y = self.col + 1, TOP
            else:
                self.new_page()

    @property
    def x(self) -> float:
        return self.col_xs[self.col]

    def wrap(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
        lines, cur = [], ""
        for word in text.split():
            trial = f"{cur} {word}" if cur else word
            if cur and self.b.width(trial, size, bold) > width:
                lines.append(cur)
                cur = word
            else:
                cur = trial
        return lines + ([cur] if cur else [])

    # content
    def cover(self, title: str, subtitle: str) -> None:
        self.new_page(furniture=False)
        y = 220.0
        laid: list[LaidWord] = []
        for text in self.wrap(title, W - 144, 22, True):
            laid += self.b.line(72, y, text, 22, True)
            y += 27
        self.c.headings.append(TrueHeading(laid[0], laid[-1], 1, "", title, "other"))
        sub = self.b.line(72, y + 14, subtitle, 14, True)
        self.c.headings.append(TrueHeading(sub[0], sub[-1], 1, "", subtitle, "other"))
        self.b.line(72, y + 44, f"Independent author: {self.rng.choice(NAMES)}", BODY)
        self.b.line(72, y + 62, "Published March 2023", BODY)

    def contents(self, entries: list[tuple[str, int]], leaders: bool) -> None:
        self.new_page()
        self.b.line(72, TOP + 10, "Contents", 14, True)
        y = TOP + 40
        for text, page in entries:
            if leaders:
                self.b.line(72, y, f"{text} {'.' * 12} {page}", BODY)
            else:
                self.b.line(72, y, text, BODY)
                self.b.line(500, y, str(page), BODY)
            y += 18
        self.new_page()

    def heading(self, number: str, title: str, level: int, kind: str, size: float, bold=True):
        text = f"{number} {title}" if number else title
        lines = self.wrap(text, self.col_w, size, bold)
        self.advance(len(lines) * size * 1.25 + 3 * LEADING + 10)
        self.y += 10 if self.y > TOP else 0
        laid: list[LaidWord] = []
        for t in lines:
            self.y += size * 1.2
            laid += self.b.line(self.x, self.y, t, size, bold)
        self.y += 10
        truth = TrueHeading(laid[0], laid[-1], level, number.rstrip("."), title, kind)
        self.c.headings.append(truth)

    def paragraph(self, number: str = "") -> None:
        """A paragraph numbered ``number`` (none when empty)."""
        sentences = self.rng.sample(SENTENCES, self.rng.randint(2, 5))
        text = " ".join(s.format(name=self.rng.choice(NAMES)) for s in sentences)
        label = number + ("." if self.stop else "")
        if not number:
            indent = 40.0 if self.hanging else 0.0
            lines = self.wrap(text, self.col_w - indent, BODY)
        elif self.hanging:
            indent = 40.0
            lines = self.wrap(text, self.col_w - indent, BODY)
        else:
            indent = 0.0
            lines = self.wrap(f"{label} {text}", self.col_w, BODY)
        self.advance(LEADING * 2)
        first: LaidWord | None = None
        last: LaidWord | None = None
        for i, t in enumerate(lines):
            self.advance(LEADING)
            self.y += LEADING
            if number and self.hanging and i == 0:
                first = self.b.line(self.x, self.y, label, BODY)[0]
            words = self.b.line(self.x + indent, self.y, t, BODY)
            first = first or words[0]
            last = words[-1]
        self.y += LEADING * 0.7
        assert first is not None and last is not None
        if number:
            self.c.paragraphs.append(TrueParagraph(number, first, last))


def numbered_report(seed: int = 1) -> Corpus:
    """Numbered headings (1., 5.1), paragraph numbers hanging in the margin (5.12), a
    contents page with the page numbers apart, unnumbered sub-headings and an appendix."""
    c = Corpus("numbered headings, hanging paragraph numbers")
    lay = _Layout(c, random.Random(seed), "DHR Adult A \u2013 Overview Report", "Page {n}")
    lay.cover("Domestic Homicide Review into the death of Adult A", "Overview Report")
    lay.contents([(f"{i}. {t[:40]}", 3 + i) for i, (t, _, _) in enumerate(SECTIONS, 1)], False)
    lay.heading("", "Executive summary", 1, "summary", 14)
    for _ in range(2):
        lay.paragraph()
    for n, (title, kind, subs) in enumerate(SECTIONS, 1):
        lay.heading(f"{n}.", title, 1, kind, 14)
        p = 0
        for _ in range(lay.rng.randint(2, 4)):
            p += 1
            lay.paragraph(f"{n}.{p}")
        for s, sub in enumerate(subs, 1):
            if s == 1:
                lay.heading(f"{n}.{s}", sub, 2, kind, 12)
            else:  # an unnumbered sub-heading in the numbered sub-headings' style
                lay.heading("", sub, 2, kind, 12)
            for _ in range(lay.rng.randint(2, 3)):
                p += 1
                lay.paragraph(f"{n}.{p}")
    lay.heading("", "Appendix A: Glossary of terms", 1, "appendix", 14)
    lay.paragraph()
    c.data = lay.b.tobytes()
    return c


def bold_report(seed: int = 2) -> Corpus:
    """Unnumbered headings (14 pt bold, then bold at the body size), paragraphs numbered
    through the document with a full stop and the number inline (12. Text ...), a
    contents page with dot leaders, "OFFICIAL" at the top of every page."""
    c = Corpus("unnumbered bold headings, paragraphs numbered 12.")
    lay = _Layout(c, random.Random(seed), "OFFICIAL", "Child B CSPR  {n}", hanging=False, stop=True)
    lay.cover("Child Safeguarding Practice Review: Child B", "Local Safeguarding Partnership")
    lay.contents([(t[:45], 3 + i) for i, (t, _, _) in enumerate(SECTIONS)], True)
    n = 0
    for title, kind, subs in SECTIONS:
        lay.heading("", title, 1, kind, 14)
        for _ in range(lay.rng.randint(1, 3)):
            n += 1
            lay.paragraph(str(n))
        for sub in subs:
            lay.heading("", sub, 2, kind, BODY)
            for _ in range(2):
                n += 1
                lay.paragraph(str(n))
    c.data = lay.b.tobytes()
    return c


def two_column_report(seed: int = 3) -> Corpus:
    """Two columns; numbered headings in the columns (3., 3.1); paragraph numbers inline
    with a trailing full stop (3.4.); a footer "Page n"."""
    c = Corpus("two columns, paragraph numbers 3.4.")
    lay = _Layout(
        c,
        random.Random(seed),
        "Safeguarding Adults Review: Mr C",
        "Page {n}",
        columns=2,
        hanging=False,
        stop=True,
    )
    lay.cover("Safeguarding Adults Review: Mr C", "Overview Report")
    lay.contents([(f"{i}. {t[:30]}", 2 + i) for i, (t, _, _) in enumerate(SECTIONS, 1)], True)
    for n, (title, kind, subs) in enumerate(SECTIONS, 1):
        lay.heading(f"{n}.", title, 1, kind, 13)
        p = 0
        for _ in range(lay.rng.randint(2, 3)):
            p += 1
            lay.paragraph(f"{n}.{p}")
        for s, sub in enumerate(subs, 1):
            lay.heading(f"{n}.{s}", sub, 2, kind, 11.5)
            for _ in range(2):
                p += 1
                lay.paragraph(f"{n}.{p}")
    c.data = lay.b.tobytes()
    return c


CORPUS = (numbered_report, bold_report, two_column_report)
