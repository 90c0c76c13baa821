"""The browser checks themselves fail when they should: a silent checker checks nothing."""

import pytest

from .helpers import assert_no_axe_violations, assert_no_console_errors

pytestmark = pytest.mark.browser


def test_axe_reports_a_violation_with_its_target(new_page):
    page = new_page("/")
    page.evaluate(
        """() => {
          const img = document.createElement("img");
          img.id = "sans-alternative";
          img.src = "/static/nothing.png";
          document.querySelector("main").append(img);
        }"""
    )
    with pytest.raises(AssertionError, match=r"image-alt \(critical\).*#sans-alternative"):
        assert_no_axe_violations(page)


def test_the_content_security_policy_refuses_inline_scripts(new_page):
    page = new_page("/")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.inlineRan = true";
          document.body.append(script);
        }"""
    )
    assert page.evaluate("() => window.inlineRan") is None
    with pytest.raises(AssertionError, match="Content Security Policy"):
        assert_no_console_errors(page)
