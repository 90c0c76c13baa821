"""The codebase agrees with itself: models and migrations, templates and their users, checks."""

import re
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
