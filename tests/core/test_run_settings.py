"""`make run` shows the platform as its users see it; `make run-debug` keeps Django's debug mode."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)

# Under the development settings with DEBUG off, as `make run` starts them.
PROBE = """
import django
django.setup()
from django.test import Client
from tests.html import Page
client = Client(HTTP_HOST="localhost")
missing = client.get("/nulle-part/")
print(missing.status_code, Page(missing).h1, sep="|")
print(client.get("/static/css/maillage.css").status_code)
"""


QUIET = {"cwd": BASE_DIR, "capture_output": True, "text": True, "timeout": 120, "check": False}


def make_dry_run(target: str) -> str:
    return subprocess.run(["make", "-n", target], **QUIET).stdout


def test_make_run_serves_without_debug_and_make_run_debug_with_it():
    runserver = [line for line in make_dry_run("run").splitlines() if "runserver" in line]
    assert runserver and runserver[0].startswith("DEBUG=false ")
    runserver = [line for line in make_dry_run("run-debug").splitlines() if "runserver" in line]
    assert runserver and runserver[0].startswith("DEBUG=true ")


def test_development_settings_without_debug_give_the_french_404_and_serve_static_files():
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.dev", DEBUG="false")
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, **QUIET)
    assert result.returncode == 0, result.stderr
    missing, style = result.stdout.split("\n")[:2]
    assert missing == "404|Page introuvable"  # not Django's debug page with the URL map
    assert style == "200"
