"""The codebase agrees with itself: models and migrations, templates and their users, checks."""

import re
from importlib import import_module
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

PACKAGE_DIR = Path(settings.BASE_DIR) / "maillage"
TEMPLATE_DIRS = [PACKAGE_DIR / "templates", *sorted(PACKAGE_DIR.glob("*/templates"))]

# Django renders these by convention: no code names them.
IMPLICIT_TEMPLATES = {"400.html", "403.html", "403_csrf.html", "404.html", "500.html"}
IMPLICIT_PREFIXES = ("admin/", "registration/")
MAIL_PART = re.compile(r"(_subject\.txt|\.txt|\.html)$")


def test_migrations_are_in_step_with_models(db):
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"Des migrations manquent :\n{out.getvalue()}")


def test_system_checks_pass_without_warnings():
    call_command("check", fail_level="WARNING", stdout=StringIO())


def all_templates() -> dict[str, Path]:
    return {
        path.relative_to(root).as_posix(): path
        for root in TEMPLATE_DIRS
        for path in root.rglob("*")
        if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".svg"}
    }


def test_every_template_is_used():
    templates = all_templates()
    sources = {
        path: path.read_text(encoding="utf-8")
        for path in [*PACKAGE_DIR.rglob("*.py"), *templates.values()]
        if "migrations" not in path.parts
    }
    unused = []
    for name, template_path in sorted(templates.items()):
        if name in IMPLICIT_TEMPLATES or name.startswith(IMPLICIT_PREFIXES):
            continue
        quoted = (f'"{name}"', f"'{name}'")
        if "emails/" in name:  # a mail is named by its base: maillage.core.mail
            base = MAIL_PART.sub("", name)
            quoted += (f'"{base}"', f"'{base}'")
        if not any(
            any(q in text for q in quoted)
            for path, text in sources.items()
            if path != template_path
        ):
            unused.append(name)
    assert not unused, f"Gabarits que rien n'utilise : {unused}"


# Pages drawn outside the site's layout, each with its reason.
STANDALONE_PAGES = {
    "base.html": "the layout itself",
    "emails/base.html": "the layout of every HTML mail",
}
EXTENDS = re.compile(r"""\{%\s*extends\s+["']([^"']+)["']\s*%\}""")
VARIABLE_EXTENDS = re.compile(r"\{%\s*extends\s+base_template\s*%\}")


def layout_of(name: str, templates: dict[str, Path], seen=()) -> str:
    """The template at the root of `name`'s chain of {% extends %} ("" when it extends none)."""
    text = templates[name].read_text(encoding="utf-8")
    if VARIABLE_EXTENDS.search(text):
        # The shared item pages (core.backoffice.ItemPages) extend the layout each app names.
        layouts = {layout_of(layout, templates, (*seen, name)) for layout in item_layouts()}
        return layouts.pop() if len(layouts) == 1 else f"{sorted(layouts)}"
    found = EXTENDS.search(text)
    if found is None:
        return name
    parent = found.group(1)
    assert parent in templates and parent not in seen, f"{name} étend {parent}, introuvable"
    return layout_of(parent, templates, (*seen, name))


def item_layouts() -> set[str]:
    """The layouts the apps hand to core.backoffice.ItemPages (`base_template`)."""
    from maillage.core.backoffice import ItemPages

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    import_module("maillage.cooperations.views.backoffice")
    return {cls.base_template for cls in subclasses(ItemPages) if cls.base_template}


def test_every_page_extends_the_site_layout():
    """A page outside base.html would lose the menu, the skip link, the demo banner, the
    messages and the stylesheet. Partials start with "_"; mails extend the mail layout."""
    templates = all_templates()
    wrong = []
    for name in sorted(templates):
        if not name.endswith(".html") or name in STANDALONE_PAGES:
            continue
        if name.rsplit("/", 1)[-1].startswith("_") or "/widgets/" in f"/{name}":
            continue
        if name.startswith(IMPLICIT_PREFIXES):
            continue
        expected = "emails/base.html" if "/emails/" in f"/{name}" else "base.html"
        if layout_of(name, templates) != expected:
            wrong.append(name)
    assert not wrong, f"Pages hors de la mise en page du site : {wrong}"
