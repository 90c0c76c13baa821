"""Assertions on parsed pages: find what a person sees (headings, links, fields, messages)
through a real HTML parser, never by looking for a substring in the bytes of the page.

    page = Page(client.get(url))
    assert page.h1 == "Coopération des Côtes-d'Armor"
    assert page.link("Modifier la présentation")["href"] == edit_url
    assert page.field("Nom").get("value") == "MONALISA 22"
    assert page.messages() == ["Présentation enregistrée."]
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

# Only the spaces that HTML folds: a non-breaking space (\xa0, as in "44\xa0372 habitants") is
# part of the text as written and kept.
_SPACES = re.compile(r"[ \t\n\r\f]+")

# The implicit ARIA role of the elements our templates use.
_ROLE_TAGS = {
    "heading": ["h1", "h2", "h3", "h4", "h5", "h6"],
    "link": ["a"],
    "button": ["button"],
    "textbox": ["textarea"],
    "navigation": ["nav"],
    "main": ["main"],
    "banner": ["header"],
    "contentinfo": ["footer"],
    "table": ["table"],
    "row": ["tr"],
    "list": ["ul", "ol"],
    "listitem": ["li"],
    "form": ["form"],
    "region": ["section"],
    "img": ["img"],
}


def squash(text: str) -> str:
    """Text as it reads on screen: runs of white space folded into one space."""
    return _SPACES.sub(" ", text or "").strip()


def text_of(element: Tag | None) -> str:
    """The element's text as it reads: inline pieces joined as written, white space folded."""
    return squash(element.get_text()) if element is not None else ""


class Page:
    """A parsed HTML page (a test-client response, or a string of HTML)."""

    def __init__(self, source):
        if hasattr(source, "content"):
            content_type = source.get("Content-Type", "")
            assert "html" in content_type, f"not an HTML page: {content_type}"
            source = source.content.decode(source.charset or "utf-8")
        self.soup = BeautifulSoup(source, "html.parser")

    # --- generic look-ups ------------------------------------------------------------------

    def select(self, css: str) -> list[Tag]:
        return self.soup.select(css)

    def one(self, css: str) -> Tag:
        """The single element matching `css` (fails when there are none or several)."""
        found = self.soup.select(css)
        assert len(found) == 1, f"{len(found)} elements match {css!r}, one expected"
        return found[0]

    def texts(self, css: str) -> list[str]:
        """The visible text of every element matching `css`, in page order."""
        return [text_of(element) for element in self.soup.select(css)]

    def text(self, css: str = "body") -> str:
        return text_of(self.one(css))

    # --- by role, as assistive technologies see the page -------------------------------------

    def by_role(self, role: str, name: str | None = None) -> list[Tag]:
        """Elements with this role (explicit `role=` or implicit), optionally with this
        accessible name (aria-label, else the text, else an image's alt)."""
        candidates = self.soup.find_all(attrs={"role": role})
        candidates += [
            element
            for element in self.soup.find_all(_ROLE_TAGS.get(role, []))
            if not element.get("role")
        ]
        if role == "button":
            candidates += self.soup.find_all("input", attrs={"type": ["submit", "button"]})
        if name is None:
            return candidates
        return [element for element in candidates if accessible_name(element) == name]

    @property
    def title(self) -> str:
        return text_of(self.soup.title)

    @property
    def h1(self) -> str:
        return text_of(self.one("h1"))

    def headings(self, level: int | None = None) -> list[str]:
        tags = [f"h{level}"] if level else _ROLE_TAGS["heading"]
        return [text_of(element) for element in self.soup.find_all(tags)]

    def heading(self, name: str) -> Tag:
        return self._only(self.by_role("heading", name), f"heading {name!r}")

    def link(self, name: str) -> Tag:
        """The one link whose accessible name is `name`."""
        return self._only(self.by_role("link", name), f"link {name!r}")

    def links(self, name: str | None = None) -> list[Tag]:
        return self.by_role("link", name)

    def hrefs(self, css: str = "a[href]") -> list[str]:
        return [element["href"] for element in self.soup.select(css) if element.get("href")]

    def button(self, name: str) -> Tag:
        return self._only(self.by_role("button", name), f"button {name!r}")

    def buttons(self) -> list[str]:
        return [accessible_name(element) for element in self.by_role("button")]

    # --- forms -------------------------------------------------------------------------------

    def label_for(self, label: str) -> Tag:
        """The <label> (or fieldset <legend>) whose text, required marker aside, is `label`."""
        found = [
            element
            for element in self.soup.find_all(["label", "legend"])
            if _without_marker(text_of(element)) == label
        ]
        return self._only(found, f"label {label!r}")

    def field(self, label: str) -> Tag:
        """The input, select or textarea that the label `label` names."""
        element = self.label_for(label)
        if element.name == "legend":
            return element.find_parent("fieldset")
        target = element.get("for")
        if target:
            field = self.soup.find(id=target)
            assert field is not None, f"label {label!r} points to a missing id {target!r}"
            return field
        field = element.find(["input", "select", "textarea"])
        assert field is not None, f"label {label!r} names no field"
        return field

    def value(self, label: str) -> str:
        """What the field named `label` holds as the page is shown."""
        field = self.field(label)
        if field.name == "textarea":
            # As browsers do (HTML spec): one newline right after <textarea> is not content.
            return field.get_text().removeprefix("\n")
        if field.name == "select":
            chosen = field.find("option", selected=True)
            return chosen.get("value", text_of(chosen)) if chosen else ""
        return field.get("value", "")

    def options(self, label: str) -> list[str]:
        """The visible texts of a select's options."""
        return [text_of(option) for option in self.field(label).find_all("option")]

    def described_by(self, label: str) -> list[str]:
        """The texts that aria-describedby ties to the field named `label`."""
        ids = (self.field(label).get("aria-describedby") or "").split()
        return [text_of(self.soup.find(id=ident)) for ident in ids]

    def form(self, css: str = "main form") -> Tag:
        return self.one(css)

    # --- feedback ----------------------------------------------------------------------------

    def messages(self) -> list[str]:
        """The flash messages shown once by the layout."""
        return self.texts(".messages .message")

    def errors(self) -> list[str]:
        """The lines of the form's error summary (empty when the form has no error)."""
        return self.texts(".error-summary li")

    def field_errors(self, label: str) -> list[str]:
        """The error messages tied to the field named `label`."""
        field = self.field(label)
        ids = (field.get("aria-describedby") or "").split()
        return [
            text_of(self.soup.find(id=ident))
            for ident in ids
            if ident.endswith("error") or "error" in ident
        ]

    def table(self, css: str = "table") -> list[list[str]]:
        """A table's body rows as lists of cell texts (header cells of each row included)."""
        table = self.one(css)
        body = table.find("tbody") or table
        return [
            [text_of(cell) for cell in row.find_all(["th", "td"])]
            for row in body.find_all("tr")
            if row.find("td")
        ]

    def definitions(self, css: str = "main dl") -> dict[str, str]:
        """A description list as {term: description}, in page order (one list only)."""
        terms = {}
        for term in self.one(css).find_all("dt"):
            description = term.find_next_sibling("dd")
            terms[text_of(term)] = text_of(description)
        return terms

    def within(self, css: str) -> Page:
        """The one element matching `css` as a Page of its own: `page.within("main").link(...)`."""
        return Page(str(self.one(css)))

    def section(self, heading: str) -> Page:
        """The part of the page that the heading `heading` opens (its <section>, else its
        parent), as a Page of its own: `page.section("Mes rôles").links()`."""
        element = self.heading(heading)
        return Page(str(element.find_parent("section") or element.parent))

    def has(self, css: str) -> bool:
        """Whether any element matches `css` (for what must be absent: `not page.has(...)`)."""
        return bool(self.soup.select(css))

    @staticmethod
    def _only(found: list[Tag], what: str) -> Tag:
        assert len(found) == 1, f"{len(found)} × {what} on the page, one expected"
        return found[0]


def accessible_name(element: Tag) -> str:
    """A simplified accessible name: aria-label, aria-labelledby, text, then alt or value."""
    if element.get("aria-label"):
        return squash(element["aria-label"])
    if element.get("aria-labelledby"):
        root = element
        while root.parent is not None:
            root = root.parent
        parts = [root.find(id=ident) for ident in element["aria-labelledby"].split()]
        return squash(" ".join(text_of(part) for part in parts if part is not None))
    text = text_of(element)
    if text:
        return text
    if element.name == "img":
        return squash(element.get("alt", ""))
    if element.name == "input":
        return squash(element.get("value", ""))
    image = element.find("img")
    return squash(image.get("alt", "")) if image is not None else ""


def _without_marker(text: str) -> str:
    """A label's text without its required marker ("Nom *" or "Nom (obligatoire)")."""
    return re.sub(r"\s*(\*|\(obligatoire\))$", "", text).strip()
