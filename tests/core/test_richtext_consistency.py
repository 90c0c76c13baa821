"""HTML is marked safe in one place only: the rich-text filter, right after sanitising."""

import re
from pathlib import Path

from django.conf import settings

PACKAGE_DIR = Path(settings.BASE_DIR) / "maillage"
THE_FILTER = PACKAGE_DIR / "core" / "templatetags" / "richtext.py"
PYTHON_SAFE = re.compile(r"\bmark_safe\b|\bSafeString\(|\bSafeData\(")


def offenders(pattern: re.Pattern, paths) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE_DIR)}:{number}"
        for path in paths
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]


def test_no_mark_safe_outside_the_rich_text_filter():
    python = [path for path in PACKAGE_DIR.rglob("*.py") if path != THE_FILTER]
    assert offenders(PYTHON_SAFE, python) == []
    assert offenders(PYTHON_SAFE, [THE_FILTER]), "the filter is where HTML is marked safe"
