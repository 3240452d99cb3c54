"""Seeded generator of review-like PDFs: title page, numbered sections, numbered paragraphs
(5.12, hanging in the margin as many overview reports set them), two-column pages, a table,
a rotated page and a page with no text layer.

The text is invented; the layout follows published review reports closely enough to
exercise extraction (reading order, ligatures, curly quotes, non-ASCII names).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pymupdf

from coder.pdf.thread import pdf_call

FONT_SIZE = 10.5
NUMBER_SIZE = 9.0  # paragraph numbers, hanging left of the text
LEADING = 14.0
MARGIN = 64.0
A4 = (595.0, 842.0)

NAMES = [
    "Zoë",
    "Łukasz",
    "Siobhán Ó Súilleabháin",
    "Adaeze",
    "Mehmet",
    "Aoife",
    "Bartłomiej",
    "Ngozi",
    "Renée",
    "Dáithí",
]
SECTIONS = [
    "Introduction",
    "Terms of reference",
    "Methodology",
    "Background",
    "Chronology",
    "Analysis",
    "Contact with the family",
    "Equality and diversity",
    "Conclusions",
    "Lessons to be learned",
    "Recommendations",
]
SENTENCES = [
    "Officers attended the address after a neighbour reported shouting and a child crying.",
    "A DASH risk assessment was completed and graded as standard risk.",
    "The risk assessment was not repeated when {name} reported further incidents.",
    "The review found that risk was treated as a single event rather than a process.",
    "Previous incidents were not linked, so the pattern of repeat victimisation was missed.",
    "Signs of coercive control, including monitoring of {name}’s phone, were not recognised.",
    "The attending officer showed professional curiosity and spoke to {name} alone.",
    "A referral to MARAC was made promptly and the case was heard within two weeks.",
    "Information sharing between police and children’s social care was timely and complete.",
    "The referral to the MASH did not include the history of non-fatal strangulation.",
    "The voice of the child was not captured in the police record of the incident.",
    "When {name} withdrew support for a prosecution, the case was closed without considering "
    "an evidence-led prosecution.",
    "Bail conditions were imposed but their breach was not acted upon.",
    "A strategy discussion was held, but police did not attend.",
    "Supervision of the investigation was limited, and the supervisor’s review was not recorded.",
    "The force’s IT systems did not flag the earlier reports to the attending officers.",
    "Officers had received training on stalking and harassment in the preceding year.",
    "Workload pressures in the safeguarding unit delayed the follow-up visit by nine days.",
    "A Clare’s Law disclosure was considered but not completed.",
    "The panel noted good practice in the officer’s careful, trauma-informed approach.",
    "An interpreter was not used when officers spoke to {name}, whose first language is Polish.",
    "Non-engagement was accepted at face value and the case was closed.",
    "{name} had care and support needs that were not assessed by any agency.",
    "Escalation between agencies did not happen when the plan stalled.",
    "The offender was managed at MAPPA level 2 and information was recorded on ViSOR.",
    "The chair met {name}’s family, whose account shaped the “lived experience” section.",
    "The effect of alcohol and drugs on the risk to {name} was not explored.",
    "Mental health services and police held different views of the level of risk.",
    "The final report was shared with the family before publication.",
    "Specialist domestic abuse officers reviewed the case the following morning.",
]


@dataclass(frozen=True)
class GeneratedLine:
    page: int
    x: float
    baseline: float
    text: str


class _Writer:
    def __init__(self, doc: pymupdf.Document, font: pymupdf.Font) -> None:
        self.doc = doc
        self.font = font
        self.lines: list[GeneratedLine] = []
        self._advance: dict[str, float] = {}

    def width(self, text: str, size: float) -> float:
        # Font.text_length costs a MuPDF round trip per character; cache the advances.
        adv = self._advance
        total = 0.0
        for ch in text:
            a = adv.get(ch)
            if a is None:
                a = adv[ch] = self.font.glyph_advance(ord(ch))
            total += a
        return total * size

    def wrap(self, text: str, width: float, size: float = FONT_SIZE) -> list[str]:
        lines, current = [], ""
        for word in text.split():
            trial = f"{current} {word}" if current else word
            if current and self.width(trial, size) > width:
                lines.append(current)
                current = word
            else:
                current = trial
        if current:
            lines.append(current)
        return lines

    def line(
        self,
        page: pymupdf.Page,
        tw: pymupdf.TextWriter,
        x: float,
        y: float,
        text: str,
        size: float = FONT_SIZE,
    ) -> None:
        tw.append((x, y), text, font=self.font, fontsize=size)
        self.lines.append(GeneratedLine(page.number + 1, x, y, text))


class _Numbers:
    """Paragraph numbers within the current section: 1.1, 1.2, ... then 2.1."""

    def __init__(self) -> None:
        self.section = 0
        self.count = 0

    def start_section(self, section: int) -> None:
        self.section, self.count = section, 0

    def next(self) -> str | None:
        if not self.section:
            return None
        self.count += 1
        return f"{self.section}.{self.count}"


def _number(
    writer: _Writer,
    page: pymupdf.Page,
    tw: pymupdf.TextWriter,
    x: float,
    y: float,
    label: str | None,
) -> None:
    """A paragraph number set in the margin (or gutter) left of ``x``; it leaves the
    paragraph's own lines, and so the random stream, exactly as they were."""
    if label:
        writer.line(page, tw, x - writer.width(label, NUMBER_SIZE) - 6, y, label, NUMBER_SIZE)


def _paragraph(rng: random.Random) -> str:
    picks = rng.sample(SENTENCES, rng.randint(2, 4))
    return " ".join(s.format(name=rng.choice(NAMES)) for s in picks)


@pdf_call
def review_pdf(
    seed: int, pages: int, title: str, kind: str = "Domestic Homicide Review", extras: bool = True
) -> bytes:
    """A review-like PDF of ``pages`` pages. With ``extras``: a two-column page every seventh
    page, a table on page 3, a rotated page 4 and a page 5 without text (when long enough)."""
    rng = random.Random(seed)
    doc = pymupdf.open()
    doc.set_metadata({"title": title, "author": "Review Coder demo", "subject": kind})
    writer = _Writer(doc, pymupdf.Font("helv"))
    width, height = A4
    body = width - 2 * MARGIN
    section = 0
    numbers = _Numbers()
    for number in range(1, pages + 1):
        page = doc.new_page(width=width, height=height)
        tw = pymupdf.TextWriter(page.rect)
        if number == 1:
            writer.line(page, tw, MARGIN, 200, title, 20)
            writer.line(page, tw, MARGIN, 232, kind + " — Overview Report", 13)
            writer.line(page, tw, MARGIN, 260, f"Independent chair: {rng.choice(NAMES)}", 11)
            writer.line(page, tw, MARGIN, 280, "All names in this report are pseudonyms.", 11)
        elif extras and number == 5:
            page.draw_rect(
                pymupdf.Rect(MARGIN, 120, width - MARGIN, 520),
                color=(0.3, 0.3, 0.6),
                fill=(0.85, 0.88, 0.95),
            )
            page.draw_circle((width / 2, 320), 90, color=(0.6, 0.2, 0.2), fill=(0.95, 0.8, 0.8))
            continue  # a scanned figure: shapes only, no text layer
        elif extras and number == 3:
            _table(writer, page, tw, rng)
        elif extras and number % 7 == 0:
            _columns(writer, page, tw, rng, body, numbers)
        else:
            y = MARGIN + 20
            if number == 2 or rng.random() < 0.3:
                section += 1
                numbers.start_section(section)
                writer.line(
                    page, tw, MARGIN, y, f"{section}. {SECTIONS[(section - 1) % len(SECTIONS)]}", 13
                )
                y += 26
            while y < height - MARGIN - LEADING * 3:
                lines = writer.wrap(_paragraph(rng), body)
                if y <= height - MARGIN:
                    _number(writer, page, tw, MARGIN, y, numbers.next())
                for text in lines:
                    if y > height - MARGIN:
                        break
                    writer.line(page, tw, MARGIN, y, text)
                    y += LEADING
                y += LEADING * 0.8
        writer.line(page, tw, width / 2 - 10, height - 30, str(number), 9)
        tw.write_text(page)
        if extras and number == 4:
            page.set_rotation(90)
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


def _columns(
    writer: _Writer,
    page: pymupdf.Page,
    tw: pymupdf.TextWriter,
    rng: random.Random,
    body: float,
    numbers: _Numbers,
) -> None:
    gap = 24.0
    col = (body - gap) / 2
    for x in (MARGIN, MARGIN + col + gap):
        y = MARGIN + 20
        while y < A4[1] - MARGIN - LEADING * 3:
            _number(writer, page, tw, x, y, numbers.next())
            for text in writer.wrap(_paragraph(rng), col):
                writer.line(page, tw, x, y, text)
                y += LEADING
            y += LEADING


def _table(writer: _Writer, page: pymupdf.Page, tw: pymupdf.TextWriter, rng: random.Random) -> None:
    writer.line(
        page, tw, MARGIN, MARGIN + 20, "Table 1. Police contacts in the period under review", 12
    )
    cols = (MARGIN, MARGIN + 90, MARGIN + 250)
    y = MARGIN + 60
    rows = [("Date", "Agency", "Contact")] + [
        (
            f"{rng.randint(1, 28):02d}/0{rng.randint(1, 9)}/2021",
            "Police",
            rng.choice(["Domestic incident", "Welfare check", "Missing person", "Crime report"]),
        )
        for _ in range(10)
    ]
    for row in rows:
        for x, cell in zip(cols, row, strict=True):
            writer.line(page, tw, x + 4, y, cell)
        page.draw_line((MARGIN, y + 5), (A4[0] - MARGIN, y + 5), color=(0.5, 0.5, 0.5), width=0.5)
        y += 20
