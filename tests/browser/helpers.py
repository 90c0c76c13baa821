"""What every page must pass in a real browser: axe-core, and a console without errors."""

from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(" ")),
  }));
}"""


@cache
def axe_source() -> str:
    return (Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def assert_no_axe_violations(page) -> None:
    """Run the pinned axe-core against WCAG 2.0 and 2.1, A and AA, plus best practices.

    The script goes in through Playwright's evaluate rather than a <script> tag: the page
    keeps its real Content-Security-Policy, which refuses inline scripts.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{ {axe_source()}\n}}")
    violations = page.evaluate(AXE_RUN, AXE_TAGS)
    report = "\n".join(
        f"- {v['id']} ({v['impact']}) {v['help']} : {', '.join(v['targets'])}" for v in violations
    )
    assert not violations, f"axe-core sur {page.url} :\n{report}"


def assert_no_console_errors(page) -> None:
    assert not page.console_errors, f"Erreurs de console sur {page.url} : {page.console_errors}"


def assert_accessible(page) -> None:
    assert_no_axe_violations(page)
    assert_no_console_errors(page)


def focused(page) -> dict:
    """What has the keyboard focus: tag (upper case, SVG links included), id, href, text, label."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          return {tag: el.tagName.toUpperCase(), id: el.id, href: el.getAttribute("href") || "",
                  text: el.textContent.trim(), label: el.getAttribute("aria-label") || ""};
        }"""
    )


def tab_until(page, matches, what: str, max_tabs: int = 40) -> dict:
    """Press Tab until the focused element matches; fail if the page never gets there."""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        element = focused(page)
        if matches(element):
            return element
    pytest.fail(f"{what} : introuvable au clavier après {max_tabs} tabulations sur {page.url}")
