"""The inventory in the data·inclusion schema v1: structures and services (ADR 017).

A service is a current action (not ended, confirmed within 18 months) carried by at least one
organisation; a structure is an organisation carrying one of them. The words of the schema
(thématiques, publics, frais, modes d'accueil, modes de mobilisation, réseaux porteurs) are
written here as plain strings: the PyPI package `data-inclusion-schema` is a development
dependency, and the tests validate every exported record with its pydantic models.
"""

import json
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

import phonenumbers
from django.utils import timezone

from maillage.core.richtext import visible_text
from maillage.organisations.enums import OrganisationKind
from maillage.organisations.models import Organisation
from maillage.territories.enums import PartKind
from maillage.territories.models import Department, PostalCode

from .enums import KindCode
from .exports import Related, batches
from .models import Action

SOURCE = "maillage"
BATCH = 500
NAME_LENGTH = (3, 150)
DESCRIPTION_LENGTH = (5, 10000)

# Every action of the inventory works against the isolation of older people: « lien social »
# for all, and the thématique of what each kind does.
SOCIAL_LINK = "remobilisation--lien-social"
THEMATIQUES = {
    KindCode.HOME_VISITS: [],
    KindCode.CARE_HOME_VISITS: [],
    KindCode.PHONE_CALLS: [],
    KindCode.OUTINGS: ["remobilisation--activites-sportives-et-culturelles"],
    KindCode.INTERGENERATIONAL: [],
    KindCode.DIGITAL: [
        "numerique--maitriser-les-fondamentaux-du-numerique",
        "numerique--acceder-a-des-services-en-ligne",
    ],
    KindCode.MOBILITY: [
        "mobilite--etre-accompagne-dans-son-parcours-mobilite",
        "mobilite--mobilite-douce-partagee-collective",
    ],
    KindCode.PAPERWORK: [
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
    ],
    KindCode.CARERS: ["famille--soutien-aidants"],
    KindCode.IDENTIFYING: [],
    KindCode.CULTURE: ["remobilisation--activites-sportives-et-culturelles"],
    KindCode.PHYSICAL: [
        "remobilisation--activites-sportives-et-culturelles",
        "remobilisation--bien-etre-confiance-en-soi",
    ],
    KindCode.OTHER: [],
}
# Whatever the Maillage public (older people at home or in care homes, their carers,
# everyone), the inventory's actions are for older people: « seniors »; the Maillage publics go
# into `publics_precisions`.
SENIORS = "seniors"
RESEAUX_PORTEURS = {
    OrganisationKind.CCAS: "ccas-cias",
    OrganisationKind.LOCAL_AUTHORITY: "communes",
    OrganisationKind.DEPARTMENT_COUNCIL: "departements",
}
FRANCE = "france"


def services_queryset():
    """The actions exported as services, in a stable order (pages of the API)."""
    return Action.objects.current().filter(organisations__isnull=False).distinct().order_by("pk")


def structures_queryset():
    """The organisations carrying a service, in a stable order."""
    carriers = Action.objects.current().filter(organisations__isnull=False).values("organisations")
    return Organisation.objects.filter(pk__in=carriers).order_by("pk")


def record_id(pk: int) -> str:
    return f"{SOURCE}--{pk}"


def _name(text: str) -> str:
    """A name as the schema wants it: 3 to 150 characters, no final full stop."""
    low, high = NAME_LENGTH
    text = " ".join(text.split())
    if len(text) > high:
        text = text[: high - 1].rstrip() + "…"
    text = text.rstrip(".") if not text.endswith("etc.") else text
    return text if len(text) >= low else f"{text} (action)"


def _text(*parts: str) -> str | None:
    low, high = DESCRIPTION_LENGTH
    text = "\n\n".join(part for part in parts if part)
    if len(text) < low:
        return None
    return text if len(text) <= high else text[: high - 1].rstrip() + "…"


_BLOCK_END = re.compile(r"</(?:p|li|h3|h4|blockquote)>|<br\s*/?>", re.IGNORECASE)


def plain_text(rich: str) -> str:
    """A rich text as plain text, one line per paragraph or list item."""
    lines = (visible_text(line) for line in _BLOCK_END.split(rich or ""))
    return "\n".join(line for line in lines if line)


def _phone(number: str) -> str | None:
    """E.164 (« +33123456789 »), as the schema prefers; the number as typed if unreadable."""
    if not number:
        return None
    try:
        parsed = phonenumbers.parse(number, "FR")
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _web(url: str) -> str | None:
    """Web addresses only: the schema refuses other schemes (ftp://, which Django accepts)."""
    return url if url.startswith(("https://", "http://")) else None


def postal_codes(communes: Iterable[int | None]) -> dict[int, str]:
    """The postal code of each commune that has only one: a guess would send mail astray."""
    found: dict[int, list[str]] = {}
    rows = PostalCode.objects.filter(commune_id__in={pk for pk in communes if pk})
    for commune_id, code in rows.values_list("commune_id", "code"):
        found.setdefault(commune_id, []).append(code)
    return {pk: codes[0] for pk, codes in found.items() if len(codes) == 1}


def _place(commune, address: str, postal: dict[int, str]) -> dict:
    # A delegated or associated commune is named by the commune it belongs to now: the schema
    # speaks of current communes.
    commune = commune.target if commune else None
    return {
        "commune": commune.name if commune else None,
        "code_insee": commune.code if commune else None,
        "code_postal": postal.get(commune.pk) if commune else None,
        "adresse": address or None,
    }


class Zones:
    """`zone_eligibilite` of a perimeter: commune, EPCI and department codes as they are, a
    region as the codes of its departments (the schema has no region code), the whole country as
    « france ». The departments of each region are read once."""

    def __init__(self):
        self.departments: dict[str, list[str]] = {}
        for code, region in Department.objects.order_by("code").values_list("code", "region_id"):
            self.departments.setdefault(region, []).append(code)

    def codes(self, pairs: Iterable[tuple[str, str]]) -> list[str] | None:
        codes: list[str] = []
        for kind, code in pairs:
            if kind == PartKind.COUNTRY:
                return [FRANCE]
            for found in self.departments.get(code, []) if kind == PartKind.REGION else [code]:
                if found not in codes:
                    codes.append(found)
        return codes or None


def thematiques(kind_codes: Iterable[str]) -> list[str]:
    """« Lien social » and the thématiques of each kind, once each, sorted."""
    return sorted({SOCIAL_LINK, *(theme for code in kind_codes for theme in THEMATIQUES[code])})


def _modes_mobilisation(action: Action) -> list[str] | None:
    modes = []
    if action.contact_email:
        modes.append("envoyer-un-courriel")
    if action.drop_in and (action.address or action.commune_id):
        modes.append("se-presenter")
    if action.contact_phone:
        modes.append("telephoner")
    if _web(action.form_url):
        modes.append("utiliser-lien-mobilisation")
    return modes or None


def _modes_accueil(action: Action) -> list[str] | None:
    modes = []
    if action.remote:
        modes.append("a-distance")
    if action.commune_id or action.address:
        modes.append("en-presentiel")
    return modes or None


def service_record(
    action: Action,
    related: Related,
    *,
    zones: Zones,
    postal: dict[int, str],
    absolute: Callable[[str], str],
) -> dict:
    kinds = related.kinds
    return {
        "source": SOURCE,
        "id": record_id(action.pk),
        # Several carriers: the service is listed once, under the first by name.
        "structure_id": record_id(related.organisations[0][0]),
        "nom": _name(action.title),
        "description": _text(action.summary, plain_text(action.description))
        or _text(f"{action.title} : " + ", ".join(kind.label.lower() for kind in kinds) + "."),
        "lien_source": absolute(action.get_absolute_url()),
        # A confirmation typed in the future is not one yet: the schema refuses it.
        "date_maj": min(action.verified_on, timezone.localdate()).isoformat(),
        "thematiques": thematiques(kind.code for kind in kinds),
        "frais": "gratuit" if action.is_free else "payant",
        "frais_precisions": action.cost_details or None,
        "publics": [SENIORS],
        "publics_precisions": ", ".join(public.label for public in related.publics) or None,
        **_place(action.commune, action.address, postal),
        "telephone": _phone(action.contact_phone),
        "courriel": action.contact_email or None,
        "modes_accueil": _modes_accueil(action),
        "zone_eligibilite": zones.codes(related.parts),
        "lien_mobilisation": _web(action.form_url),
        "modes_mobilisation": _modes_mobilisation(action),
        # The person, their family or a professional who knows them: anyone may get in touch.
        "mobilisable_par": ["usagers", "professionnels"],
        "mobilisation_precisions": action.how_to_join or None,
        "horaires_accueil": action.opening_hours or None,
    }


def structure_record(
    organisation: Organisation, *, postal: dict[int, str], absolute: Callable[[str], str]
) -> dict:
    reseau = RESEAUX_PORTEURS.get(organisation.kind)
    return {
        "source": SOURCE,
        "id": record_id(organisation.pk),
        "nom": _name(organisation.name),
        "date_maj": timezone.localdate(organisation.updated_at).isoformat(),
        "description": _text(plain_text(organisation.description)),
        "lien_source": absolute(organisation.get_absolute_url()),
        "siret": organisation.siret or None,
        **_place(organisation.commune, organisation.address, postal),
        "telephone": _phone(organisation.phone),
        "courriel": organisation.contact_email or None,
        "site_web": _web(organisation.website),
        "reseaux_porteurs": [reseau] if reseau else None,
    }


def service_records(actions, *, absolute: Callable[[str], str]) -> Iterator[dict]:
    """The records of `actions` (each with a carrier), read in batches."""
    zones = Zones()
    for batch in batches(actions, BATCH):
        postal = postal_codes(action.commune.target.pk for action, _r in batch if action.commune)
        for action, related in batch:
            yield service_record(action, related, zones=zones, postal=postal, absolute=absolute)


def structure_records(organisations, *, absolute: Callable[[str], str]) -> Iterator[dict]:
    rows = organisations.select_related("commune__current").iterator(chunk_size=BATCH)
    while batch := list(islice(rows, BATCH)):
        postal = postal_codes(o.commune.target.pk for o in batch if o.commune)
        for organisation in batch:
            yield structure_record(organisation, postal=postal, absolute=absolute)


def json_lines(records: Iterable[dict]) -> Iterator[str]:
    """A JSON array written record by record (the file is never held whole in memory)."""
    yield "["
    separator = "\n"
    for record in records:
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"
