"""Geography endpoints: commune search for autocomplete."""

from ninja import Field, Router, Schema

from maillage.territories.search import Result, search_communes

router = Router(tags=["territoires"])

MAX_LIMIT = 50


class DepartmentRef(Schema):
    code: str
    name: str


class CommuneRef(Schema):
    code: str
    name: str
    url: str


class CommuneOut(Schema):
    code: str
    name: str
    kind: str = Field(
        description="COM commune, COMD commune déléguée, COMA commune associée, "
        "ARM arrondissement municipal (nature dans le Code officiel géographique)"
    )
    label: str = Field(description="« Lamballe — commune déléguée de Lamballe-Armor »")
    department: DepartmentRef
    postal_codes: list[str]
    population: int | None
    url: str = Field(
        description="La page où mène le résultat : sa commune actuelle pour une ancienne"
    )
    current: CommuneRef | None = Field(
        description="La commune de rattachement d'une ancienne commune ou d'un arrondissement"
    )


def _out(request, result: Result) -> CommuneOut:
    commune = result.commune
    current = None
    if commune.current is not None:
        current = CommuneRef(
            code=commune.current.code,
            name=commune.current.name,
            url=request.build_absolute_uri(commune.current.get_absolute_url()),
        )
    return CommuneOut(
        code=commune.code,
        name=commune.name,
        kind=commune.kind,
        label=result.label,
        department=DepartmentRef(code=commune.department.code, name=commune.department.name),
        postal_codes=list(result.postal_codes),
        population=commune.population,
        url=request.build_absolute_uri(result.url),
        current=current,
    )


@router.get(
    "/communes",
    response=list[CommuneOut],
    summary="Chercher une commune",
    description=(
        "Par nom, écrit comme on l'écrit : sans accents, majuscules, traits d'union, "
        "apostrophes ni article, « st » pour « saint », mots collés ou séparés, une ou deux "
        "lettres fausses, oubliées, en trop ou inversées ; par code postal ou par code INSEE, "
        "actuel ou ancien ; un département ou un code postal à côté du nom le précise "
        "(« saint denis 974 »). Le nom lui-même d'abord, puis les noms qu'il commence, les mots "
        "à l'intérieur des noms et les orthographes proches, les communes les plus peuplées "
        "d'abord. "
        "Une commune déléguée ou associée mène à sa commune actuelle (`url`, `current`). "
        f"Une requête vide donne une liste vide ; `limit` va de 1 à {MAX_LIMIT}."
    ),
)
def communes(request, q: str = "", limit: int = 10):
    limit = min(max(limit, 1), MAX_LIMIT)
    return [_out(request, result) for result in search_communes(q, limit=limit)]
