"""The inventory of actions: the public search (the same filters as /actions/) and one action."""

import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from maillage.actions.enums import KindCode, PublicCode
from maillage.actions.hours import describe_opening_hours
from maillage.actions.models import Action
from maillage.actions.search import Criteria, find
from maillage.territories.models import Department
from maillage.territories.search import commune_label, find_commune

router = Router(tags=["actions"])

MAX_PER_PAGE = 100

KindParam = Literal[tuple(KindCode.values)]  # type: ignore[valid-type]
PublicParam = Literal[tuple(PublicCode.values)]  # type: ignore[valid-type]


class Ref(Schema):
    code: str
    label: str


class PlaceOut(Schema):
    code: str
    name: str


class OrganisationOut(Schema):
    name: str
    url: str


class ActionOut(Schema):
    slug: str
    title: str
    summary: str
    url: str
    kinds: list[Ref]
    publics: list[Ref]
    commune: PlaceOut | None = Field(description="La commune où elle a lieu")
    address: str
    remote: bool
    schedule: str = Field(description="Quand, en clair")
    is_free: bool
    cost_details: str
    contact_phone: str
    contact_email: str
    drop_in: bool = Field(description="On peut venir sur place, sans rendez-vous")
    form_url: str
    how_to_join: str
    status: str = Field(description="active, suspended ou ended")
    verified_on: datetime.date = Field(description="Date de la dernière confirmation")
    needs_check: bool = Field(description="Non confirmée depuis 12 mois : « à vérifier »")
    organisations: list[OrganisationOut]


class ActionDetailOut(ActionOut):
    opening_hours: str = Field(description="Horaires au format OpenStreetMap `opening_hours`")
    opening_hours_text: str = Field(description="Les mêmes horaires en français")


class Count(Schema):
    code: str
    label: str
    count: int


class ActionPage(Schema):
    count: int = Field(description="Nombre total de résultats")
    page: int
    pages: int
    results: list[ActionOut]
    kinds: list[Count] = Field(description="Nombre de résultats que donnerait chaque type")
    publics: list[Count] = Field(description="Nombre de résultats que donnerait chaque public")


class ActionFilters(Schema):
    commune: str = Field(
        "",
        description="La commune où vit la personne : code INSEE, code postal ou nom "
        "(les actions dont la zone d'éligibilité la couvre)",
    )
    type: list[KindParam] = Field([], description="Types d'action (l'un ou l'autre)")
    public: list[PublicParam] = Field([], description="Publics (l'un ou l'autre)")
    q: str = Field("", max_length=200, description="Mots-clés, sans tenir compte des accents")
    gratuites: bool = Field(False, description="Gratuites seulement")
    toutes: bool = Field(
        False, description="Y compris les actions terminées ou non confirmées depuis 18 mois"
    )
    departement: str = Field("", description="Actions ayant lieu dans ce département (code)")
    page: int = Field(1, ge=1)
    par_page: int = Field(20, ge=1, le=MAX_PER_PAGE)


def _out(request, action: Action) -> dict:
    commune = action.commune
    return {
        **{
            name: getattr(action, name)
            for name in (
                "slug",
                "title",
                "summary",
                "address",
                "remote",
                "schedule",
                "is_free",
                "cost_details",
                "contact_phone",
                "contact_email",
                "drop_in",
                "form_url",
                "how_to_join",
                "status",
                "verified_on",
                "needs_check",
            )
        },
        "url": request.build_absolute_uri(action.get_absolute_url()),
        "kinds": [{"code": kind.code, "label": kind.label} for kind in action.kinds.all()],
        "publics": [{"code": row.code, "label": row.label} for row in action.publics.all()],
        "commune": {"code": commune.code, "name": commune.name} if commune else None,
        "organisations": [
            {"name": row.name, "url": request.build_absolute_uri(row.get_absolute_url())}
            for row in action.organisations.all()
        ],
    }


def _criteria(filters: ActionFilters) -> Criteria:
    commune = None
    if filters.commune.strip():
        match = find_commune(filters.commune)
        if match.commune is None:
            if not match.results:
                raise HttpError(400, f"Aucune commune ne correspond à « {filters.commune} ».")
            choices = " ; ".join(commune_label(result.place) for result in match.results)
            raise HttpError(
                400, f"Plusieurs communes correspondent ; précisez le code INSEE : {choices}."
            )
        commune = match.commune
    department = None
    if filters.departement.strip():
        department = Department.objects.filter(code=filters.departement.strip().upper()).first()
        if department is None:
            raise HttpError(400, f"Aucun département n'a le code « {filters.departement} ».")
    return Criteria(
        commune=commune,
        kinds=tuple(filters.type),
        publics=tuple(filters.public),
        text=filters.q,
        free_only=filters.gratuites,
        include_old=filters.toutes,
        department=department,
    )


@router.get(
    "/actions",
    response=ActionPage,
    summary="Chercher des actions",
    description=(
        "Les actions contre l'isolement des personnes âgées, avec les filtres de la recherche "
        "publique : commune (les actions dont la zone d'éligibilité la couvre), type, public, "
        "mots-clés, gratuité. Par défaut, les actions terminées ou non confirmées depuis 18 mois "
        "sont exclues (`toutes=true` les inclut). Page par page (`page`, `par_page` jusqu'à "
        f"{MAX_PER_PAGE})."
    ),
)
def actions(request, filters: Query[ActionFilters]):
    found = find(_criteria(filters), page=filters.page, per_page=filters.par_page)
    return {
        "count": found.total,
        "page": found.page.number,
        "pages": found.page.paginator.num_pages,
        "results": [_out(request, action) for action in found.page.object_list],
        "kinds": [vars(facet) for facet in found.kinds],
        "publics": [vars(facet) for facet in found.publics],
    }


@router.get(
    "/actions/{slug}",
    response=ActionDetailOut,
    summary="Une action",
    description="Tout ce qu'il faut pour y participer, horaires compris ; "
    "404 si elle n'existe pas.",
)
def action(request, slug: str):
    row = get_object_or_404(
        Action.objects.select_related("commune").prefetch_related(
            "kinds", "publics", "organisations"
        ),
        slug=slug,
    )
    return {
        **_out(request, row),
        "opening_hours": row.opening_hours,
        "opening_hours_text": describe_opening_hours(row.opening_hours),
    }
