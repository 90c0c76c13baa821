"""The inventory in the data·inclusion schema v1, page by page (the same records as the open
data files /donnees/data-inclusion/*.json)."""

import datetime

from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from maillage.actions import data_inclusion

router = Router(tags=["data·inclusion"])

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class StructureOut(Schema):
    """Une structure du schéma data·inclusion v1 : une organisation qui porte une action."""

    source: str = Field(examples=["maillage"])
    id: str = Field(examples=["maillage--42"])
    nom: str
    date_maj: datetime.date = Field(description="Dernière modification de l'organisation")
    description: str | None = None
    lien_source: str | None = Field(None, description="Sa page sur Maillage")
    siret: str | None = None
    commune: str | None = None
    code_postal: str | None = None
    code_insee: str | None = None
    adresse: str | None = None
    telephone: str | None = Field(None, description="Au format E.164")
    courriel: str | None = None
    site_web: str | None = None
    reseaux_porteurs: list[str] | None = None


class ServiceOut(Schema):
    """Un service du schéma data·inclusion v1 : une action en cours, confirmée depuis moins de
    18 mois."""

    source: str = Field(examples=["maillage"])
    id: str = Field(examples=["maillage--1234"])
    structure_id: str = Field(
        description="La première organisation porteuse, par ordre alphabétique"
    )
    nom: str
    description: str
    lien_source: str | None = Field(None, description="Sa page sur Maillage")
    date_maj: datetime.date = Field(description="Dernière confirmation de l'action")
    thematiques: list[str]
    frais: str = Field(examples=["gratuit", "payant"])
    frais_precisions: str | None = None
    publics: list[str] = Field(examples=[["seniors"]])
    publics_precisions: str | None = None
    commune: str | None = None
    code_postal: str | None = None
    code_insee: str | None = None
    adresse: str | None = None
    telephone: str | None = Field(None, description="Au format E.164")
    courriel: str | None = None
    modes_accueil: list[str] | None = None
    zone_eligibilite: list[str] | None = Field(
        None, description="Codes de communes, d'EPCI, de départements, ou « france »"
    )
    lien_mobilisation: str | None = None
    modes_mobilisation: list[str] | None = None
    mobilisable_par: list[str] | None = None
    mobilisation_precisions: str | None = None
    horaires_accueil: str | None = Field(None, description="Au format OpenStreetMap")


class Records:
    """A queryset seen through a record builder: the paginator counts it and slices it, and only
    the rows of the page asked for are read and turned into records."""

    def __init__(self, queryset, build):
        self.queryset = queryset
        self.build = build

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[dict]:
        return list(self.build(self.queryset[window]))


class Pages(PageNumberPagination):
    def __init__(self, **kwargs):
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)


@router.get(
    "/data-inclusion/structures",
    response=list[StructureOut],
    summary="Structures (schéma data·inclusion v1)",
    description=(
        "Les organisations qui portent au moins une action en cours, au format `Structure` du "
        f"schéma data·inclusion v1, par pages de {PAGE_SIZE} (`page_size` jusqu'à "
        f"{MAX_PAGE_SIZE}). Licence Ouverte 2.0."
    ),
    url_name="data_inclusion_structures",
)
@paginate(Pages)
def structures(request):
    return Records(
        data_inclusion.structures_queryset(),
        lambda rows: data_inclusion.structure_records(rows, absolute=request.build_absolute_uri),
    )


@router.get(
    "/data-inclusion/services",
    response=list[ServiceOut],
    summary="Services (schéma data·inclusion v1)",
    description=(
        "Les actions en cours et confirmées depuis moins de 18 mois, au format `Service` du "
        f"schéma data·inclusion v1, par pages de {PAGE_SIZE} (`page_size` jusqu'à "
        f"{MAX_PAGE_SIZE}). Licence Ouverte 2.0."
    ),
    url_name="data_inclusion_services",
)
@paginate(Pages)
def services(request):
    return Records(
        data_inclusion.services_queryset(),
        lambda rows: data_inclusion.service_records(rows, absolute=request.build_absolute_uri),
    )
