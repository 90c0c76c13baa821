"""The locks install on any machine from the public index, with hashes, and the production lock
holds the application server that docs/deploy.md runs."""

import re
from pathlib import Path

import pytest
from django.conf import settings

REQUIREMENTS = sorted((Path(settings.BASE_DIR) / "requirements").glob("*.txt"))
# Options and references that name a package source of the machine that compiled the lock.
LOCAL_SOURCES = re.compile(
    r"^\s*(--find-links|-f\s|--extra-index-url|--index-url|-i\s|--trusted-host|--no-index)"
    r"|file:|@\s*/|^\s*(\.{0,2}/|-e\s)",
    re.IGNORECASE,
)


def pinned(path: Path) -> dict[str, str]:
    """{package: version} of every `name==version` line of a lock."""
    found = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\;]+)", path.read_text(), flags=re.MULTILINE)
    return {name.lower(): version for name, version in found}


def test_there_are_locks_to_check():
    assert {path.name for path in REQUIREMENTS} >= {"dev.txt", "prod.txt"}


@pytest.mark.parametrize("path", REQUIREMENTS, ids=lambda path: path.name)
def test_locks_name_no_package_source_local_to_a_machine(path):
    offending = [
        f"{path.name}:{number}: {line}"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if not line.lstrip().startswith("#") and LOCAL_SOURCES.search(line)
    ]
    assert offending == []


@pytest.mark.parametrize("path", REQUIREMENTS, ids=lambda path: path.name)
def test_every_locked_package_carries_a_hash(path):
    text = path.read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text)
    assert all("--hash=sha256:" in block for block in blocks[1:])


def test_the_production_lock_pins_the_application_server_of_the_deployment_guide():
    deploy = (Path(settings.BASE_DIR) / "docs" / "deploy.md").read_text()
    assert "gunicorn" in deploy
    assert "gunicorn" in pinned(Path(settings.BASE_DIR) / "requirements" / "prod.txt")
