"""The Summary sheet of an export or a merge: the totals, and a native bar chart.

The chart is DrawingML, as Excel and LibreOffice write it: the sheet points to
a drawing (xl/drawings/drawing1.xml), the drawing anchors a chart
(xl/charts/chart1.xml), and the chart's series refer to the sheet's own cells
(with a cache of their values, so a reader that does not recalculate still
draws the bars). Signatures per day, consented and not, stacked.

Every user string (an event's name, a city) is an inline text cell, and in the
chart's cache escaped XML text: never a formula.
"""

from __future__ import annotations

from collections.abc import Sequence

from actionkit.core.signatures.totals import Figures, Totals, headline
from actionkit.core.signatures.xlsx_write import XlsxWriter, _attribute, _escape, column_widths

SHEET = "Summary"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
CONSENTED_COLOUR = "2E7D32"
NOT_CONSENTED_COLOUR = "B0BEC5"
# Where the chart sits (column, row; 0-based): beside the figure/value table, which
# fills columns A and B of rows 4 to 16, and above the per-day table (row 18).
CHART_FROM = (2, 3)
CHART_TO = (10, 17)
TABLE_HEADERS = (
    "signatures",
    "consented",
    "not consented",
    "consented %",
    "this week",
    "typed",
    "on paper",
    "to type",
)


def _numbers(f: Figures) -> list[object]:
    return [
        f.signatures,
        f.consented,
        f.signatures - f.consented,
        round(f.consented_share * 100),
        f.this_week,
        f.typed,
        f.paper if f.paper is not None else "not counted",
        f.to_type,
    ]


def _summary_rows(totals: Totals) -> tuple[list[list[object]], tuple[int, int]]:
    """The sheet's rows, and the first and last row (1-based) of the per-day table."""
    t = totals.total
    rows: list[list[object]] = [
        ["Signature totals"],
        [headline(totals)],
        [],
        ["figure", "value"],
        ["signatures", t.signatures],
        ["agreed to be contacted", t.consented],
        ["agreed to be contacted, %", round(t.consented_share * 100)],
        ["this week (7 days to " + totals.today + ")", t.this_week],
        ["before", t.before],
        ["cities", totals.cities],
        ["events", t.events],
        ["on paper", t.paper if t.paper is not None else "not counted"],
        ["typed", t.typed],
        ["on paper, not typed yet", t.to_type],
        ["duplicates decided", totals.decided],
        ["possible duplicates to decide", totals.pending],
        [],
        ["day", *TABLE_HEADERS],
    ]
    first = len(rows) + 1
    rows += [[f.key or "no date", *_numbers(f)] for f in totals.by_day]
    last = len(rows)
    rows += [[], ["event", "name", "date", "city", *TABLE_HEADERS]]
    rows += [[f.key, f.label, f.date, f.city, *_numbers(f)] for f in totals.by_event]
    rows += [[], ["city", "events", *TABLE_HEADERS]]
    rows += [[f.key or "no city", f.events, *_numbers(f)] for f in totals.by_city]
    return rows, (first, last)


def _series(
    index: int, title_cell: str, title: str, column: str, rows: tuple[int, int], data: Sequence[str]
) -> str:
    first, last = rows
    colour = CONSENTED_COLOUR if index == 0 else NOT_CONSENTED_COLOUR
    points = "".join(f'<c:pt idx="{i}"><c:v>{_escape(v)}</c:v></c:pt>' for i, v in enumerate(data))
    return (
        f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>'
        f"<c:tx><c:strRef><c:f>{SHEET}!${title_cell}</c:f><c:strCache>"
        f'<c:ptCount val="1"/><c:pt idx="0"><c:v>{_escape(title)}</c:v></c:pt>'
        "</c:strCache></c:strRef></c:tx>"
        f'<c:spPr><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></c:spPr>'
        '<c:invertIfNegative val="0"/>'
        f"<c:cat><c:strRef><c:f>{SHEET}!$A${first}:$A${last}</c:f><c:strCache>"
        f'<c:ptCount val="{len(data)}"/>{{categories}}</c:strCache></c:strRef></c:cat>'
        f"<c:val><c:numRef><c:f>{SHEET}!${column}${first}:${column}${last}</c:f>"
        f'<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="{len(data)}"/>'
        f"{points}</c:numCache></c:numRef></c:val></c:ser>"
    )


def chart_xml(totals: Totals, rows: tuple[int, int]) -> str:
    """A stacked column chart: per day, consented (column C) and not (column D)."""
    days = totals.by_day
    categories = "".join(
        f'<c:pt idx="{i}"><c:v>{_escape(f.key or "no date")}</c:v></c:pt>'
        for i, f in enumerate(days)
    )
    header_row = rows[0] - 1
    consented = _series(
        0, f"C${header_row}", "consented", "C", rows, [str(f.consented) for f in days]
    )
    others = _series(
        1,
        f"D${header_row}",
        "not consented",
        "D",
        rows,
        [str(f.signatures - f.consented) for f in days],
    )
    series = (consented + others).replace("{categories}", categories)
    return (
        f'{_XML}<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" xmlns:r="{_R}">'
        '<c:roundedCorners val="0"/><c:chart>'
        "<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>Signatures per day</a:t></a:r></a:p>"
        '</c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        '<c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="stacked"/>'
        f'<c:varyColors val="0"/>{series}<c:gapWidth val="60"/><c:overlap val="100"/>'
        '<c:axId val="500010"/><c:axId val="500020"/></c:barChart>'
        '<c:catAx><c:axId val="500010"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:tickLblPos val="nextTo"/><c:crossAx val="500020"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>'
        '<c:valAx><c:axId val="500020"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>'
        '<c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/>'
        '<c:crossAx val="500010"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>'
        "</c:valAx></c:plotArea>"
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
    )


def drawing_xml() -> str:
    """The chart anchored beside the figures, above the tables (columns C to J, rows 4
    to 17): it prints on the first page, with the figures it draws."""

    def corner(tag: str, col: int, row: int) -> str:
        return (
            f"<xdr:{tag}><xdr:col>{col}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:{tag}>"
        )

    return (
        f'{_XML}<xdr:wsDr xmlns:xdr="{_XDR}" xmlns:a="{_A}">'
        f"<xdr:twoCellAnchor>{corner('from', *CHART_FROM)}{corner('to', *CHART_TO)}"
        '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>'
        '<xdr:cNvPr id="2" name="Signatures per day"/><xdr:cNvGraphicFramePr/>'
        "</xdr:nvGraphicFramePr>"
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
        f'<a:graphic><a:graphicData uri="{_C}">'
        f'<c:chart xmlns:c="{_C}" xmlns:r="{_R}" r:id="rId1"/>'
        "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/>"
        "</xdr:twoCellAnchor></xdr:wsDr>"
    )


def _relationships(kind: str, target: str) -> str:
    return (
        f'{_XML}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1"'
        f' Type="{_R}/{kind}" Target="{_attribute(target)}"/></Relationships>'
    )


def add_summary_sheet(book: XlsxWriter, totals: Totals) -> None:
    """Write the Summary sheet and its chart into `book` (one per workbook)."""
    rows, day_rows = _summary_rows(totals)
    # Widths from the tables (not the title and the headline, which run across).
    widths = column_widths(rows[3], rows[4:], kinds=False)
    book.show_first(SHEET)  # the first tab a person sees, though written last
    with book.sheet(SHEET, widths, fit_width=True) as sheet:
        sheet.extend(rows)
        if totals.by_day:  # no event yet: nothing to draw
            book.end_sheet_with('<drawing r:id="rId1"/>')
    if not totals.by_day:
        return
    number = book.sheet_number
    book.add_part(
        f"xl/worksheets/_rels/sheet{number}.xml.rels",
        _relationships("drawing", "../drawings/drawing1.xml"),
    )
    book.add_part("xl/drawings/drawing1.xml", drawing_xml(), DRAWING_TYPE)
    book.add_part(
        "xl/drawings/_rels/drawing1.xml.rels", _relationships("chart", "../charts/chart1.xml")
    )
    book.add_part("xl/charts/chart1.xml", chart_xml(totals, day_rows), CHART_TYPE)
