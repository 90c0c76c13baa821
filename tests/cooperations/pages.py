"""Readers of the cooperation back-office pages, over the parsed page of tests/html.py."""

import copy

from tests.html import Page, text_of


def history(page: Page) -> list[tuple[str, list[str]]]:
    """The history table as (summary, [change lines]) rows, most recent first."""
    rows = []
    for cell in page.select('tbody th[scope="row"]'):
        cell = copy.copy(cell)  # the page itself stays whole
        changes = cell.find("ul")
        lines = [text_of(item) for item in changes.find_all("li")] if changes else []
        if changes:
            changes.extract()
        rows.append((text_of(cell), lines))
    return rows


def summaries(page: Page) -> list[str]:
    """The summaries of the history's rows, most recent first."""
    return [summary for summary, _changes in history(page)]
