"""Writing a briefing: DOCX (python-docx) for the team to edit and brand, HTML and PDF (the
same HTML laid out by PyMuPDF) for review.

Citations are numbered notes: a superscript number after each quote and a "Notes" section
at the end, as endnotes. python-docx has no footnote API; real Word footnotes would need a
footnotes part written by hand into the package, which a team's own template may lack the
styles for and which Word silently "repairs" away when one piece is off. Numbered notes
survive any template, LibreOffice and a copy-paste into a web page, and Word converts them
to endnotes in a few clicks if the team wants to.

The DOCX takes its styles from a template document (``--template FILE.docx``; by default
python-docx's own template): Title, Heading 1 and 2, Quote, List Bullet, List Number and
Table Grid where the template has them, Normal where it does not. The template's body text
is dropped; its page setup, headers and footers are kept.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

from coder.analysis.briefing import (
    BriefingDocument,
    Bullets,
    Heading,
    Para,
    Quote,
    Table,
    build_document,
)
from coder.analysis.disclosure import refuse_hits, write_beside
from coder.analysis.pool import Pool
from coder.atomic import write_bytes
from coder.errors import InvalidInputError
from coder.progress import NO_PROGRESS, Progress
from coder.project.briefings import Briefing

FORMATS = (".docx", ".html", ".htm", ".pdf")
CSS = """
body { font-family: sans-serif; font-size: 10.5pt; line-height: 1.35; }
h1.title { font-size: 20pt; margin-bottom: 4pt; }
h1 { font-size: 15pt; margin-top: 16pt; } h2 { font-size: 12pt; margin-top: 10pt; }
.lead { font-style: italic; } .meta { color: #555; font-size: 9pt; }
table { border-collapse: collapse; margin: 6pt 0; }
td, th { border: 1px solid #999; padding: 2pt 6pt; text-align: left; }
caption { text-align: left; font-size: 9pt; color: #444; }
blockquote { margin: 6pt 0 6pt 14pt; padding-left: 8pt; border-left: 3px solid #777; }
.notes { font-size: 9pt; }
"""


def write_briefing(
    pool: Pool,
    briefing: Briefing,
    path: Path,
    template: Path | None = None,
    progress: Progress = NO_PROGRESS,
) -> BriefingDocument:
    """Write the briefing to ``path`` (.docx, .html or .pdf) after the disclosure check:
    its report goes beside the output; a sensitive term raises DisclosureBlockedError and
    nothing else is written. Returns the laid-out briefing. Raises Cancelled from
    ``progress``, with nothing written."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInputError(f"{path.name}: a briefing is .docx, .html or .pdf")
    if template is not None and template.suffix.lower() != ".docx":
        raise InvalidInputError(f"{template.name}: a template is a Word document (.docx)")
    progress.step(0, 3)
    laid = build_document(pool, briefing)
    refuse_hits(laid.disclosure, path)
    progress.step(1, 3)
    if suffix == ".docx":
        data = to_docx(laid, template)
    elif suffix == ".pdf":
        from coder.pdf.story import html_to_pdf

        data = html_to_pdf(_body(laid), CSS)
    else:
        data = to_html(laid).encode("utf-8")
    progress.step(2, 3)
    write_bytes(path, data)
    write_beside(laid.disclosure, path)
    return laid


# -- HTML and PDF ---------------------------------------------------------------------------


def _body(laid: BriefingDocument) -> str:
    e = html.escape
    parts: list[str] = []
    for block in laid.blocks:
        if isinstance(block, Heading):
            if block.level == 0:
                parts.append(f"<h1 class='title'>{e(block.text)}</h1>")
            else:
                parts.append(f"<h{block.level}>{e(block.text)}</h{block.level}>")
        elif isinstance(block, Para):
            cls = f" class='{block.kind}'" if block.kind else ""
            parts.append(f"<p{cls}>{e(block.text)}</p>")
        elif isinstance(block, Table):
            head = "".join(f"<th>{e(h)}</th>" for h in block.header)
            rows = "".join(
                "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in block.rows
            )
            caption = f"<caption>{e(block.caption)}</caption>" if block.caption else ""
            parts.append(f"<table>{caption}<tr>{head}</tr>{rows}</table>")
        elif isinstance(block, Quote):
            parts.append(
                f"<blockquote>“{e(block.text)}”<sup><a href='#note-{block.note}'>"
                f"{block.note}</a></sup></blockquote>"
            )
        elif isinstance(block, Bullets):
            tag = "ol" if block.numbered else "ul"
            items = "".join(f"<li>{e(i)}</li>" for i in block.items)
            parts.append(f"<{tag}>{items}</{tag}>")
    if laid.notes:
        parts.append("<h1>Notes</h1><ol class='notes'>")
        parts += [f"<li id='note-{i}'>{e(n)}</li>" for i, n in enumerate(laid.notes, 1)]
        parts.append("</ol>")
    return "\n".join(parts)


def to_html(laid: BriefingDocument) -> str:
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(laid.title)}</title><style>{CSS}</style></head>\n<body>\n"
        f"{_body(laid)}\n</body></html>\n"
    )


# -- DOCX ---------------------------------------------------------------------------------


def _styles(doc: object) -> set[str]:
    return {s.name for s in doc.styles}  # type: ignore[attr-defined]


def to_docx(laid: BriefingDocument, template: Path | None = None) -> bytes:
    """The briefing as a Word document, styled by ``template``."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = docx.Document(str(template)) if template is not None else docx.Document()
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise InvalidInputError(
            f"{template.name if template else 'the template'} is not a Word document "
            f"({exc}); give a .docx saved by Word or LibreOffice"
        ) from exc
    except OSError as exc:
        raise InvalidInputError(f"cannot read the template {template}: {exc}") from exc
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    have = _styles(doc)

    def style(name: str, fallback: str | None = "Normal") -> str | None:
        return name if name in have else (fallback if fallback in have else None)

    for block in laid.blocks:
        if isinstance(block, Heading):
            name = "Title" if block.level == 0 else f"Heading {block.level}"
            doc.add_paragraph(block.text, style=style(name))
        elif isinstance(block, Para):
            p = doc.add_paragraph(style=style("Normal"))
            run = p.add_run(block.text)
            run.italic = block.kind == "lead" or None
        elif isinstance(block, Table):
            if block.caption:
                doc.add_paragraph(block.caption, style=style("Caption"))
            table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
            grid = style("Table Grid", None)
            if grid:
                table.style = grid
            for j, text in enumerate(block.header):
                cell = table.rows[0].cells[j]
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for i, row in enumerate(block.rows, 1):
                for j, text in enumerate(row):
                    table.rows[i].cells[j].text = text
        elif isinstance(block, Quote):
            p = doc.add_paragraph(style=style("Quote"))
            p.add_run(f"“{block.text}”")
            mark = p.add_run(str(block.note))
            mark.font.superscript = True
        elif isinstance(block, Bullets):
            name = "List Number" if block.numbered else "List Bullet"
            for item in block.items:
                doc.add_paragraph(item, style=style(name))
    if laid.notes:
        doc.add_paragraph("Notes", style=style("Heading 1"))
        for i, note in enumerate(laid.notes, 1):
            doc.add_paragraph(f"{i}. {note}", style=style("Normal"))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
