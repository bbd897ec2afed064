"""Reading the rows of a rendered HTML table, so tests check figures rather than markup."""

from __future__ import annotations

import html
import re

ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", re.S)
TAG = re.compile(r"<[^>]+>")


def text(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub("", fragment)).split())


def table_rows(body: str) -> dict[str, list[str]]:
    """Return the body rows of the tables in BODY as {row name: [other cell texts]}.

    The row name is the first cell's text up to any " · " detail ("Residential · Residential"
    is "Residential"); header rows (scope="col") are left out.
    """
    rows: dict[str, list[str]] = {}
    for row in ROW.findall(body):
        if 'scope="col"' in row:
            continue
        cells = [text(cell) for cell in CELL.findall(row)]
        if cells:
            rows[cells[0].split(" · ")[0]] = cells[1:]
    return rows
