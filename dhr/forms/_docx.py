"""Word helpers shared by the .docx writers: page set-up, tables, fast cell text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

#: Styles the writers use, with those they depend on (basedOn / link / next are added below).
_KEEP_STYLES = {
    "Normal",
    "DefaultParagraphFont",
    "TableNormal",
    "NoList",
    "Title",
    "Heading1",
    "Heading2",
    "TableGrid",
    "Header",
    "Footer",
}

_DROP_RELTYPES = ("stylesWithEffects", "customXml", "thumbnail")


def _slim(doc) -> None:
    """Cut python-docx's default template down to what the forms use.

    Its styles.xml (350 KB) and stylesWithEffects.xml (440 KB) hold every built-in Word style;
    serialising and compressing them dominated the cost of each file. Word fills in built-in
    styles it needs, so a document with only the styles it uses opens the same.
    """
    styles_el = doc.styles.element
    by_id = {el.get(qn("w:styleId")): el for el in styles_el.findall(qn("w:style"))}
    keep: set[str] = set()
    todo = [s for s in _KEEP_STYLES if s in by_id]
    while todo:
        style_id = todo.pop()
        if style_id in keep:
            continue
        keep.add(style_id)
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = by_id[style_id].find(qn(tag))
            if ref is not None and ref.get(qn("w:val")) in by_id:
                todo.append(ref.get(qn("w:val")))
    for style_id, el in by_id.items():
        if style_id not in keep:
            styles_el.remove(el)
    latent = styles_el.find(qn("w:latentStyles"))
    if latent is not None:
        styles_el.remove(latent)
    for owner in (doc.part, doc.part.package):
        for r_id, rel in list(owner.rels.items()):
            if any(rel.reltype.endswith("/" + name) for name in _DROP_RELTYPES):
                del owner.rels[r_id]


@cache
def _prepared_template(landscape: bool, font_size: float, marking: str | None) -> bytes:
    """A slim A4 template with page layout, font and marking header set, saved once per process."""
    import io
    from importlib import resources

    doc = Document(io.BytesIO(resources.files("docx").joinpath("templates/default.docx").read_bytes()))
    _slim(doc)
    section = doc.sections[0]
    width, height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
        margin = Cm(1.3)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
        margin = Cm(2.0)
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = margin
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(font_size)
    if marking:
        run = section.header.paragraphs[0].add_run(marking)
        run.bold = True
    body = doc.element.body
    for el in list(body):
        if not el.tag.endswith("}sectPr"):
            body.remove(el)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def new_document(*, landscape: bool = False, font_size: float = 10.0, marking: str | None = None):
    """A new A4 document with the protective marking in the page header."""
    import io

    return Document(io.BytesIO(_prepared_template(landscape, font_size, marking)))


@dataclass(frozen=True)
class CellSpec:
    """One table cell: its text, and how it looks.

    `merge` is "restart" on the first cell of a vertical merge and "continue" on the cells it
    covers (their text is ignored).
    """

    text: str = ""
    bold: bool = False
    fill: str | None = None
    merge: str | None = None


def _run_xml(text: str, bold: bool) -> str:
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    parts = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<w:br/>")
        if line:
            space = ' xml:space="preserve"' if line != line.strip() else ""
            parts.append(f"<w:t{space}>{escape(line)}</w:t>")
    return f"<w:r>{rpr}{''.join(parts)}</w:r>"


def table(
    doc,
    rows: Sequence[Sequence[CellSpec | str]],
    widths_cm: Sequence[float],
    *,
    header_rows: int = 0,
    style_id: str = "TableGrid",
):
    """Append a table to the document body, built as one XML string (fast for large tables).

    python-docx builds tables element by element with ordering checks on every insert, which
    made large action plans slow; the result here is the same WordprocessingML.
    """
    widths = [int(Cm(w).twips) for w in widths_cm]
    grid_cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{style_id}"/><w:tblW w:w="0" w:type="auto"/>'
        f'<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid_cols}</w:tblGrid>'
    ]
    for r, row in enumerate(rows):
        tr_pr = '<w:trPr><w:tblHeader w:val="true"/></w:trPr>' if r < header_rows else ""
        out.append(f"<w:tr>{tr_pr}")
        for c, cell in enumerate(row):
            spec = cell if isinstance(cell, CellSpec) else CellSpec(str(cell))
            tc_pr = f'<w:tcW w:w="{widths[c]}" w:type="dxa"/>'
            if spec.merge:
                tc_pr += f'<w:vMerge w:val="{spec.merge}"/>'
            if spec.fill:
                tc_pr += f'<w:shd w:val="clear" w:color="auto" w:fill="{spec.fill}"/>'
            text = "" if spec.merge == "continue" else spec.text
            run = _run_xml(text, spec.bold) if text else ""
            out.append(f"<w:tc><w:tcPr>{tc_pr}</w:tcPr><w:p>{run}</w:p></w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    tbl = parse_xml("".join(out))
    body = doc.element.body
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is not None:
        sect_pr.addprevious(tbl)
    else:
        body.append(tbl)
    return tbl


def add_styled_paragraph(doc, text: str, style_id: str):
    """A paragraph with a style given by id, e.g. "Title", "Heading2" (ids of the default template)."""
    para = doc.add_paragraph(text)
    para._p.style = style_id
    return para


def key_value_table(doc, pairs: Sequence[tuple[str, str]], widths_cm: Sequence[float] = (7.0, 10.0)):
    """A two-column table: label (bold) and value."""
    return table(doc, [[CellSpec(label, bold=True), CellSpec(value)] for label, value in pairs], widths_cm)
