"""The Django admin's forms as a browser would post them, for tests of admin edits."""

from bs4 import BeautifulSoup


def posted_form(response, css: str) -> dict:
    """What the browser would post, unchanged, from the form `css` of the page
    (`form#organisation_form`): inputs, selects, texts."""
    form = BeautifulSoup(response.content, "html.parser").select_one(css)
    data: dict[str, list[str]] = {}
    for field in form.select("input[name], select[name], textarea[name]"):
        name = field["name"]
        kind = field.get("type", "text")
        if field.name == "select":
            chosen = field.select("option[selected]") or field.select("option")[:1]
            if field.has_attr("multiple"):
                chosen = field.select("option[selected]")
            data.setdefault(name, []).extend(option.get("value", "") for option in chosen)
        elif field.name == "textarea":
            data.setdefault(name, []).append(field.text.lstrip("\n"))
        elif kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif kind not in ("submit", "file", "button"):
            data.setdefault(name, []).append(field.get("value", ""))
    return data
