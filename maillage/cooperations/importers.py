"""Importing a cooperation's list of member organisations from a spreadsheet (ADR 018), and
what the imports of the apps above share: finding the organisations and communes a file
names, and proposing the organisations Maillage does not know yet."""

import datetime
import functools
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from maillage.core.importing import CREATED, UNCHANGED, UPDATED, Column, Importer, Report, values
from maillage.core.importing.slugs import unique_slugs
from maillage.core.models import AuditEntry, audit
from maillage.core.text import normalize
from maillage.core.validators import is_commune_code, normalize_phone, normalize_siret
from maillage.organisations.enums import OrganisationKind
from maillage.organisations.models import Organisation
from maillage.territories.models import Commune
from maillage.territories.search import resolve_commune

from .enums import MemberRole
from .models import Cooperation, Membership

# --- communes and organisations, shared with the imports of the inventory ------------------


class Communes:
    """The commune each text designates (a name, an INSEE code, a postcode, « Plérin
    (22187) »), looked up once per distinct text: in bulk for codes and exact names
    (`prime`, two queries a chunk), through the commune search for the rest."""

    def __init__(self, territory: Cooperation | None = None):
        """`territory`: a name several communes bear designates the one inside this
        cooperation's territory, when only one is."""
        self._found: dict[str, Commune | str] = {}
        self._territory = territory
        self._parts: set | None = None

    def _inside(self, communes: list[Commune]) -> list[Commune]:
        if self._territory is None:
            return []
        if self._parts is None:
            self._parts = set(self._territory.perimeter.part_pairs())
        return [c for c in communes if self._parts & set(c.covering_parts())]

    @staticmethod
    def _text(value) -> str:
        return values.code(value, 5) if isinstance(value, int | float) else values.text(value)

    def prime(self, cells) -> None:
        texts = {self._text(cell) for cell in cells} - set(self._found) - {""}
        if not texts:
            return
        codes = {text.upper() for text in texts if is_commune_code(text.upper())}
        for commune in Commune.objects.addressable().filter(code__in=codes):
            self._found.setdefault(commune.code, commune)
        names: dict[str, list[Commune]] = {}
        keys = {normalize(text): text for text in texts if text.upper() not in codes}
        for commune in Commune.objects.addressable().filter(search_name__in=keys):
            names.setdefault(commune.search_name, []).append(commune)
        for key, found in names.items():
            inside = self._inside(found) if len(found) > 1 else found
            if len(inside) == 1:  # other homonyms go through the search, which lists them
                self._found[keys[key]] = inside[0]

    def get(self, value) -> Commune | None:
        text = self._text(value)
        if not text:
            return None
        if text not in self._found and text.upper() in self._found:
            text = text.upper()
        if text not in self._found:
            try:
                self._found[text] = Commune.objects.get(pk=resolve_commune(text).pk)
            except ValidationError as error:
                self._found[text] = " ".join(error.messages)
        found = self._found[text]
        if isinstance(found, str):
            raise values.Refused(found)
        return found


def _commune_label(commune: Commune | None) -> str:
    return f"{commune.name} ({commune.code})" if commune else ""


@dataclass
class Proposal:
    """An organisation the file names and Maillage does not know: created at the commit."""

    name: str
    kind: str = OrganisationKind.OTHER
    commune: Commune | None = None
    siret: str = ""
    details: dict = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)
    pk: int | None = None


class Organisations:
    """Every organisation by SIRET and by name (one query, at the first look-up); what is not
    found becomes a proposal, created in bulk by `create_proposed`."""

    def __init__(self, cooperation: Cooperation, *, one_per_name: bool = False):
        """`one_per_name`: a name the file repeats is one organisation to create, wherever
        its rows take place (an inventory); else name and commune tell them apart (a list of
        members)."""
        self.cooperation = cooperation
        self.one_per_name = one_per_name
        self._by_name: dict[str, list[tuple[int, int | None]]] | None = None
        self._by_siret: dict[str, int] = {}
        self._members: set[int] = set()
        self.proposed: dict[str, Proposal] = {}

    def _load(self) -> None:
        if self._by_name is not None:
            return
        self._by_name = {}
        for pk, name, siret, commune_id in Organisation.objects.values_list(
            "pk", "name", "siret", "commune_id"
        ):
            self._by_name.setdefault(normalize(name), []).append((pk, commune_id))
            if siret:
                self._by_siret[siret] = pk
        self._members = set(
            Membership.objects.filter(cooperation=self.cooperation).values_list(
                "organisation_id", flat=True
            )
        )

    def find(self, name: str, *, commune: Commune | None = None, siret: str = "") -> int | str:
        """The id of the organisation a row names, or the key of its proposal (a str)."""
        self._load()
        if siret and siret in self._by_siret:
            return self._by_siret[siret]
        key = normalize(name)
        if not key:
            raise values.Refused("Le nom de l'organisation est vide.")
        candidates = self._by_name.get(key, [])
        if commune is not None:
            here = [pk for pk, commune_id in candidates if commune_id == commune.pk]
            if len(here) == 1:
                return here[0]
        if siret and candidates:
            candidates = []  # another SIRET: another establishment of the same name
        if len(candidates) == 1:
            return candidates[0][0]
        members = [pk for pk, _commune in candidates if pk in self._members]
        if len(members) == 1:
            return members[0]
        if candidates:
            raise values.Refused(
                f"Plusieurs organisations s'appellent « {name} » dans Maillage : indiquez la "
                "commune de celle-ci (ou son SIRET) pour les distinguer."
            )
        return self.propose_key(name, commune, siret)

    def propose_key(self, name: str, commune: Commune | None, siret: str) -> str:
        if self.one_per_name:
            return normalize(name)
        return siret or f"{normalize(name)}@{commune.code if commune else ''}"

    def propose(self, key: str, line: int, **details) -> None:
        proposal = self.proposed.get(key)
        if proposal is None:
            proposal = self.proposed[key] = Proposal(
                name=details.pop("name"),
                kind=details.pop("kind", "") or OrganisationKind.OTHER,
                commune=details.pop("commune", None),
                siret=details.pop("siret", ""),
                details=details,
            )
        if len(proposal.lines) < 20:
            proposal.lines.append(line)

    def pk_of(self, ref: int | str) -> int:
        return ref if isinstance(ref, int) else self.proposed[ref].pk

    def create_proposed(self, refs, *, actor, summary: str) -> None:
        """Create the proposed organisations `refs` name that are not created yet, with a
        history line each."""
        wanted = [self.proposed[ref] for ref in dict.fromkeys(refs) if isinstance(ref, str)]
        wanted = [proposal for proposal in wanted if proposal.pk is None]
        if not wanted:
            return
        slugs = unique_slugs(
            Organisation,
            [(p.name, p.commune.name if p.commune else "") for p in wanted],
        )
        rows = Organisation.objects.bulk_create(
            Organisation(
                name=proposal.name[:200],
                slug=slug,
                kind=proposal.kind,
                siret=proposal.siret,
                commune=proposal.commune,
                **proposal.details,
            )
            for proposal, slug in zip(wanted, slugs, strict=True)
        )
        content_type = ContentType.objects.get_for_model(Organisation)
        AuditEntry.objects.bulk_create(
            AuditEntry(
                actor=actor,
                target_type=content_type,
                target_id=row.pk,
                action="organisations.organisation.create",
                summary=summary[:300],
                changes={"name": ["", row.name]},
                version=row.version,
            )
            for row in rows
        )
        for proposal, row in zip(wanted, rows, strict=True):
            proposal.pk = row.pk
            self._by_name.setdefault(normalize(row.name), []).append((row.pk, row.commune_id))

    def proposals(self) -> list[dict]:
        """What the preview shows of the organisations to create."""
        kinds = dict(OrganisationKind.choices)
        return [
            {
                "name": proposal.name,
                "kind": kinds.get(proposal.kind, ""),
                "commune": _commune_label(proposal.commune),
                "lines": ", ".join(str(line) for line in proposal.lines),
            }
            for proposal in sorted(self.proposed.values(), key=lambda p: normalize(p.name))
        ]


# --- the words people use ------------------------------------------------------------------


def choices_of(enum, synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """{normalised code, label or synonym: code} for `values.choice`."""
    table = {}
    for code, label in enum.choices:
        table[normalize(code)] = code
        table[normalize(label)] = code
        for synonym in synonyms.get(code, ()):
            table[normalize(synonym)] = code
    return table


ORGANISATION_KINDS = choices_of(
    OrganisationKind,
    {
        OrganisationKind.ASSOCIATION: ("asso", "association loi 1901", "fédération"),
        OrganisationKind.CCAS: ("ccas", "cias", "centre communal d'action sociale"),
        OrganisationKind.LOCAL_AUTHORITY: (
            "commune", "mairie", "intercommunalité", "communauté de communes", "epci",
            "collectivité", "agglomération", "ville",
        ),
        OrganisationKind.DEPARTMENT_COUNCIL: ("conseil départemental", "département"),
        OrganisationKind.PENSION_FUND: ("caisse de retraite", "carsat", "msa", "agirc-arrco"),
        OrganisationKind.MUTUAL_INSURER: ("mutuelle", "mutualité"),
        OrganisationKind.SOCIAL_CENTRE: ("centre social", "espace de vie sociale"),
        OrganisationKind.CARE_HOME: ("ehpad", "résidence autonomie", "établissement"),
        OrganisationKind.INSTITUTION: ("caf", "cpam", "ars", "institution publique"),
        OrganisationKind.OTHER: ("autre", "divers"),
    },
)  # fmt: skip
MEMBER_ROLES = choices_of(
    MemberRole,
    {
        MemberRole.CO_ANIMATOR: ("coanimateur", "co animateur", "animateur", "animation"),
        MemberRole.STEERING: ("copil", "pilotage", "comité de pilotage"),
        MemberRole.MEMBER: ("adhérent", "membre actif"),
        MemberRole.FUNDER: ("financement", "financeur"),
        MemberRole.PARTNER: ("partenariat", "partenaire"),
    },
)


def _single_line(row, name: str, max_length: int) -> str:
    value = row.text(name)
    if len(value) > max_length:
        row.refuse(name, f"Ce texte dépasse {max_length} caractères.")
    return value


def _optional(row, name: str, check, message: str) -> str:
    value = row.text(name)
    if not value:
        return ""
    try:
        return check(value)
    except ValidationError:
        row.refuse(name, message)
        return ""


@functools.lru_cache(maxsize=20_000)
def checked_phone(value: str) -> str:
    """`normalize_phone`, once per distinct number (an inventory repeats its carriers')."""
    return normalize_phone(value)


def checked_email(value: str) -> str:
    validate_email(value)
    return value


def checked_url(value: str) -> str:
    value = value if "://" in value else f"https://{value}"
    URLValidator(schemes=["http", "https"])(value)
    return value


EMAIL_MESSAGE = "Cette adresse e-mail n'est pas valide (par exemple contact@exemple.fr)."
URL_MESSAGE = "Cette adresse internet n'est pas valide (par exemple https://www.exemple.fr)."
PHONE_MESSAGE = "Ce numéro de téléphone n'est pas valide : écrivez ses 10 chiffres."


# --- the members' list ---------------------------------------------------------------------


def audit_import(importer, report: Report, action: str, what: str) -> None:
    """One history line on the cooperation for a committed import: the file, its counts and
    the organisations it created (`importer` has `actor`, `scope` and `organisations`)."""
    audit(
        actor=importer.actor,
        target=importer.scope,
        action=action,
        summary=f"{what} ({report.filename}) : {report.summary}",
        changes={
            "fichier": ["", report.filename],
            "organisations créées": [
                "",
                ", ".join(p["name"] for p in importer.organisations.proposals()),
            ],
        },
    )


@dataclass
class MemberRow:
    line: int
    ref: int | str  # an organisation's id, or the key of its proposal
    role: str
    since: datetime.date | None


class MemberImporter(Importer):
    """A cooperation's member organisations: each row finds its organisation (by SIRET, else
    by name and commune) or proposes it, then adds or updates its membership."""

    kind = "cooperations.membership"
    title = "Importer la liste des membres"
    template_name = "liste des membres"
    key_column = "name"
    guide_intro = (
        "Une ligne par organisation membre de la coopération. Une organisation déjà connue de "
        "Maillage est retrouvée par son SIRET, sinon par son nom et sa commune ; sa fiche "
        "n'est pas modifiée. Les autres sont proposées à la création."
    )
    columns = (
        Column(
            "name",
            "Nom de l'organisation",
            aliases=("nom", "organisation", "structure", "raison sociale", "membre",
                     "nom de la structure"),
            required=True,
            help="Le nom de l'organisation, tel qu'elle l'écrit.",
            example="Club des retraités de Plérin",
        ),
        Column(
            "kind",
            "Nature",
            aliases=("type", "type de structure", "statut", "catégorie", "forme juridique"),
            help="Association, CCAS, commune ou intercommunalité, département, caisse de "
            "retraite, mutuelle, centre social, établissement pour personnes âgées, institution "
            "ou autre. Sert seulement aux organisations créées.",
            example="association",
        ),
        Column(
            "siret",
            "SIRET",
            aliases=("numéro siret", "n° siret", "siret de la structure"),
            help="14 chiffres, espaces permis. Facultatif, mais c'est le plus sûr pour retrouver "
            "une organisation.",
            example="",
        ),
        Column(
            "commune",
            "Commune",
            aliases=("ville", "code insee", "code postal", "localité", "siège"),
            help="Le nom de la commune, son code INSEE ou son code postal.",
            example="Plérin",
        ),
        Column(
            "address", "Adresse", aliases=("rue", "adresse postale"), example="2 rue de la Mairie"
        ),
        Column(
            "website",
            "Site internet",
            aliases=("site", "site web", "url", "web"),
            example="https://www.exemple.fr",
        ),
        Column(
            "contact_email",
            "E-mail de contact",
            aliases=("e-mail", "email", "courriel", "mail", "adresse e-mail"),
            help="Une adresse générique de la structure, jamais une adresse personnelle.",
            example="contact@exemple.fr",
        ),
        Column(
            "phone",
            "Téléphone",
            aliases=("tél", "tel", "numéro de téléphone"),
            example="02 96 00 00 00",
        ),
        Column(
            "role",
            "Rôle dans la coopération",
            aliases=("rôle", "role", "collège", "place", "fonction"),
            help="Co-animateur, comité de pilotage, membre, financeur ou partenaire "
            "(« membre » si vide).",
            example="membre",
        ),
        Column(
            "since",
            "Membre depuis",
            aliases=("depuis", "depuis le", "date d'adhésion", "adhésion", "date d'entrée"),
            help="Une date jj/mm/aaaa (facultatif).",
            example="15/09/2022",
        ),
    )  # fmt: skip

    def __init__(self, *, scope, actor=None):
        super().__init__(scope=scope, actor=actor)
        self.communes = Communes(scope)
        self.organisations = Organisations(scope)
        self._memberships: dict[int, tuple[int, str, datetime.date | None]] | None = None
        self._created_names: list[str] = []

    def prepare(self, rows):
        self.communes.prime(row["commune"] for row in rows)

    def clean(self, row):
        name = _single_line(row, "name", 200)
        commune = row.read("commune", self.communes.get)
        siret = row.read("siret", _siret)
        kind = row.read("kind", _organisation_kind)
        role = row.read("role", _member_role)
        since = row.read("since", values.date)
        if since and since > datetime.date.today():
            row.refuse("since", "Cette date est dans le futur.")
        details = {
            "address": _single_line(row, "address", 250),
            "website": _optional(row, "website", checked_url, URL_MESSAGE),
            "contact_email": _optional(row, "contact_email", checked_email, EMAIL_MESSAGE),
            "phone": _optional(row, "phone", checked_phone, PHONE_MESSAGE),
        }
        if row.refused:
            return None
        try:
            ref = self.organisations.find(name, commune=commune, siret=siret or "")
        except values.Refused as refused:
            row.refuse("name", refused.message)
            return None
        if isinstance(ref, str):
            self.organisations.propose(
                ref, row.line, name=name, kind=kind, commune=commune, siret=siret or "", **details
            )
        return MemberRow(row.line, ref, role or MemberRole.MEMBER, since)

    def key(self, item: MemberRow):
        return item.ref

    def _existing(self):
        if self._memberships is None:
            self._memberships = {
                organisation: (pk, role, since)
                for pk, organisation, role, since in Membership.objects.filter(
                    cooperation=self.scope
                ).values_list("pk", "organisation_id", "role", "since")
            }
        return self._memberships

    def plan(self, items):
        existing = self._existing()
        planned = []
        for item in items:
            current = existing.get(item.ref) if isinstance(item.ref, int) else None
            if current is None:
                planned.append((item, CREATED))
                continue
            _pk, role, since = current
            if item.since is None:
                item.since = since
            outcome = UNCHANGED if (role, since) == (item.role, item.since) else UPDATED
            planned.append((item, outcome))
        return planned

    def write(self, planned):
        organisations = self.organisations
        organisations.create_proposed(
            [item.ref for item, outcome in planned if outcome == CREATED],
            actor=self.actor,
            summary=f"Organisation créée par l'import des membres de {self.scope.name}",
        )
        existing = self._existing()
        Membership.objects.bulk_create(
            Membership(
                cooperation=self.scope,
                organisation_id=organisations.pk_of(item.ref),
                role=item.role,
                since=item.since,
            )
            for item, outcome in planned
            if outcome == CREATED
        )
        changed = [
            Membership(pk=existing[item.ref][0], role=item.role, since=item.since)
            for item, outcome in planned
            if outcome == UPDATED
        ]
        Membership.objects.bulk_update(changed, ["role", "since"])

    def proposals(self):
        return self.organisations.proposals()

    def finish(self, report: Report) -> None:
        audit_import(self, report, "cooperations.members.import", "Import de la liste des membres")

    def example_rows(self):
        return [
            ["Club des retraités de Plérin", "association", "", "Plérin", "2 rue de la Mairie",
             "", "club.retraites@exemple.fr", "02 96 74 00 00", "membre", "15/09/2022"],
            ["CCAS de Saint-Brieuc", "CCAS", "", "22278", "", "", "", "", "co-animateur",
             "01/01/2019"],
        ]  # fmt: skip


def _siret(value) -> str:
    try:
        return normalize_siret(values.code(value))
    except ValidationError as error:
        raise values.Refused(" ".join(error.messages)) from error


def _organisation_kind(value) -> str:
    if not values.text(value):
        return OrganisationKind.OTHER
    return values.choice(
        value,
        ORGANISATION_KINDS,
        refused=f"« {values.text(value)} » n'est pas une nature connue : écrivez par exemple "
        "association, CCAS, commune, centre social ou autre.",
    )


def _member_role(value) -> str:
    if not values.text(value):
        return MemberRole.MEMBER
    return values.choice(
        value,
        MEMBER_ROLES,
        refused=f"« {values.text(value)} » n'est pas un rôle connu : écrivez co-animateur, "
        "comité de pilotage, membre, financeur ou partenaire.",
    )
