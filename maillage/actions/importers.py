"""Importing a cooperation's inventory of actions from its spreadsheet (ADR 018).

A row is one action; its external id (or, without one, its title and commune) is kept with
the cooperation as its source, so that importing the file again updates the actions instead of
duplicating them. Organisations the file names and Maillage does not know are proposed in the
preview and created at the commit. Everything is written in bulk, in one transaction, with one
history line for the import on the cooperation and one on each action it changed.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from maillage.cooperations.importers import (
    EMAIL_MESSAGE,
    PHONE_MESSAGE,
    URL_MESSAGE,
    Communes,
    Organisations,
    audit_import,
    checked_email,
    checked_phone,
    checked_url,
)
from maillage.core.importing import CREATED, UNCHANGED, UPDATED, Column, Importer, Report, values
from maillage.core.importing.slugs import unique_slugs
from maillage.core.models import AuditEntry
from maillage.core.richtext import sanitize
from maillage.core.text import normalize
from maillage.core.validators import is_department_code
from maillage.territories.enums import COUNTRY_CODE, PartKind
from maillage.territories.models import Department, Epci, Perimeter, PerimeterPart, Region

from .enums import ActionStatus, KindCode, PublicCode
from .hours import validate_opening_hours
from .models import Action
from .search import reindex_actions

SCALAR_FIELDS = (
    "title",
    "summary",
    "description",
    "commune_id",
    "address",
    "remote",
    "schedule",
    "opening_hours",
    "is_free",
    "cost_details",
    "contact_phone",
    "contact_email",
    "drop_in",
    "form_url",
    "how_to_join",
    "status",
    "verified_on",
)


def _choices(enum, synonyms: dict) -> dict[str, str]:
    table = {}
    for code, label in enum.choices:
        for word in (code, label, *synonyms.get(code, ())):
            table[normalize(word)] = code
    return table


KINDS = _choices(
    KindCode,
    {
        KindCode.HOME_VISITS: ("visites", "visite à domicile", "visites de convivialité",
                               "visite de convivialité", "visites à domicile"),
        KindCode.CARE_HOME_VISITS: ("visites en ehpad", "ehpad", "visite en établissement"),
        KindCode.PHONE_CALLS: ("appels", "téléphone", "appels téléphoniques", "téléphonie",
                               "appel de convivialité", "appels de convivialité"),
        KindCode.OUTINGS: ("sorties", "sortie", "activités collectives", "ateliers", "atelier",
                           "animations", "repas partagés"),
        KindCode.INTERGENERATIONAL: ("intergénération", "intergénérationnel"),
        KindCode.DIGITAL: ("numérique", "informatique", "inclusion numérique"),
        KindCode.MOBILITY: ("transport", "transport solidaire", "mobilité"),
        KindCode.PAPERWORK: ("démarches", "accès aux droits", "aide administrative"),
        KindCode.CARERS: ("aidants", "soutien aux aidants", "répit"),
        KindCode.IDENTIFYING: ("repérage", "veille", "repérage des personnes isolées"),
        KindCode.CULTURE: ("culture", "loisirs", "bibliothèque", "lecture"),
        KindCode.PHYSICAL: ("sport", "gym", "gymnastique", "marche", "activité physique adaptée"),
        KindCode.OTHER: ("autre", "divers"),
    },
)  # fmt: skip
PUBLICS = _choices(
    PublicCode,
    {
        PublicCode.AT_HOME: ("à domicile", "personnes âgées à domicile", "seniors", "aînés",
                             "personnes âgées", "retraités", "60 ans et plus"),
        PublicCode.CARE_HOME: ("en établissement", "ehpad", "résidents",
                               "résidence autonomie"),
        PublicCode.CARERS: ("aidants", "proches aidants", "familles"),
        PublicCode.EVERYONE: ("tous", "tous publics", "tout le monde", "grand public"),
    },
)  # fmt: skip
STATUSES = _choices(
    ActionStatus,
    {
        ActionStatus.ACTIVE: ("actif", "active", "en activité", "ouverte", "oui"),
        ActionStatus.SUSPENDED: ("suspendu", "en pause", "interrompue"),
        ActionStatus.ENDED: ("terminé", "arrêtée", "arrêté", "fini", "finie", "fermée", "close"),
    },
)  # fmt: skip
COUNTRY_WORDS = {"france", "france entiere", "national", "nationale", "toute la france"}
ZONE_OF_THE_COMMUNE = {
    "commune": PartKind.COMMUNE,
    "la commune": PartKind.COMMUNE,
    "communal": PartKind.COMMUNE,
    "communale": PartKind.COMMUNE,
    "epci": PartKind.EPCI,
    "intercommunalite": PartKind.EPCI,
    "intercommunal": PartKind.EPCI,
    "intercommunale": PartKind.EPCI,
    "agglomeration": PartKind.EPCI,
    "communaute de communes": PartKind.EPCI,
    "departement": PartKind.DEPARTMENT,
    "departemental": PartKind.DEPARTMENT,
    "departementale": PartKind.DEPARTMENT,
    "tout le departement": PartKind.DEPARTMENT,
    "region": PartKind.REGION,
    "regional": PartKind.REGION,
    "regionale": PartKind.REGION,
}
FREE_WORDS = {"gratuit", "gratuite", "0", "0 e", "0 euro", "0 euros", "aucun", "libre"}
_EPCI_PREFIXES = ("ca ", "cc ", "cu ", "communaute d agglomeration ", "communaute de communes ")


@dataclass
class ActionRow:
    line: int
    external_id: str
    fields: dict
    kinds: frozenset
    publics: frozenset
    organisations: list  # ids, or keys of proposals
    parts: frozenset  # (kind, code)
    keep_verified: bool = False  # no date in the file: an update keeps the one stored
    existing: dict = field(default_factory=dict)


class Territories:
    """Departments, regions and EPCIs by code and by name: three queries, once."""

    def __init__(self):
        self._loaded = False

    def _load(self):
        if self._loaded:
            return
        self.departments = dict(Department.objects.values_list("code", "name"))
        self.regions = dict(Region.objects.values_list("code", "name"))
        self.epcis = dict(Epci.objects.values_list("code", "name"))
        self.by_name = {}
        for kind, rows in (
            (PartKind.REGION, self.regions),
            (PartKind.EPCI, self.epcis),
            (PartKind.DEPARTMENT, self.departments),
        ):
            for code, name in rows.items():
                key = normalize(name)
                self.by_name[key] = (kind, code)
                if kind == PartKind.EPCI:
                    for prefix in _EPCI_PREFIXES:
                        if key.startswith(prefix):
                            self.by_name.setdefault(key[len(prefix) :], (kind, code))
        self._loaded = True

    def part(self, token: str, communes: Communes, commune) -> tuple[str, str]:
        self._load()
        key = normalize(token)
        if key in COUNTRY_WORDS:
            return (PartKind.COUNTRY, COUNTRY_CODE)
        if key in ZONE_OF_THE_COMMUNE:
            kind = ZONE_OF_THE_COMMUNE[key]
            if commune is None:
                raise values.Refused(
                    f"« {token} » désigne celle de la commune de l'action : remplissez la "
                    "colonne « Commune », ou nommez la zone."
                )
            code = {
                PartKind.COMMUNE: commune.code,
                PartKind.EPCI: commune.epci_id,
                PartKind.DEPARTMENT: commune.department_id,
                PartKind.REGION: commune.region_id,
            }[kind]
            if not code:
                raise values.Refused(f"La commune {commune.name} n'a pas d'intercommunalité.")
            return (kind, code)
        code = values.code(token)
        if code.isdigit() and len(code) == 9:
            if code in self.epcis:
                return (PartKind.EPCI, code)
            raise values.Refused(f"Aucune intercommunalité n'a le code SIREN {code}.")
        if is_department_code(code) or (code.isdigit() and len(code) == 1):
            code = code.zfill(2)
            if code in self.departments:
                return (PartKind.DEPARTMENT, code)
        for candidate in (key, *(key[len(p) :] for p in _EPCI_PREFIXES if key.startswith(p))):
            if candidate in self.by_name:
                return self.by_name[candidate]
        try:
            found = communes.get(token)
        except values.Refused as refused:
            raise values.Refused(
                f"Zone « {token} » introuvable : écrivez « commune », « département », "
                "« France », le nom d'une intercommunalité, d'un département ou d'une "
                f"commune. ({refused.message})"
            ) from refused
        return (PartKind.COMMUNE, found.code)


class ActionImporter(Importer):
    kind = "actions.action"
    title = "Importer l'inventaire des actions"
    template_name = "inventaire des actions"
    key_column = "external_id"
    guide_intro = (
        "Une ligne par action. Gardez la colonne « Identifiant » d'un import à l'autre : "
        "déposer de nouveau le fichier met à jour les actions déjà importées au lieu de les "
        "dupliquer. Les organisations inconnues de Maillage sont proposées à la création."
    )
    columns = (
        Column(
            "external_id",
            "Identifiant",
            aliases=("id", "référence", "ref", "n°", "numéro", "code action",
                     "identifiant de l'action", "id action", "numéro de l'action"),
            help="Le numéro de l'action dans votre inventaire, unique dans le fichier. Sans "
            "identifiant, une action est reconnue par son titre et sa commune.",
            example="ACT-001",
        ),
        Column(
            "title",
            "Titre",
            aliases=("intitulé", "nom de l'action", "action", "titre de l'action", "libellé",
                     "nom"),
            required=True,
            help="Le nom de l'action, en mots simples (200 caractères au plus).",
            example="Visites de convivialité à domicile",
        ),
        Column(
            "summary",
            "En une phrase",
            aliases=("résumé", "accroche", "description courte", "présentation courte"),
            help="Ce que l'action apporte, en une phrase (300 caractères au plus).",
            example="Des bénévoles rendent visite chaque semaine aux personnes qui le souhaitent.",
        ),
        Column(
            "description",
            "Description",
            aliases=("présentation", "détails", "description détaillée", "contenu"),
            help="Autant de texte que nécessaire ; les lignes vides font les paragraphes.",
            example="Un binôme de bénévoles formés se rend au domicile pour un moment d'échange.",
        ),
        Column(
            "kinds",
            "Types d'action",
            aliases=("type", "types", "type d'action", "catégorie", "catégories", "thématique",
                     "thème", "nature de l'action"),
            help="Un ou plusieurs types séparés par des points-virgules : "
            + " ; ".join(label for _code, label in KindCode.choices)
            + ". « Autre » si vide.",
            example="Visites à domicile ; Repérage des personnes isolées",
        ),
        Column(
            "publics",
            "Publics",
            aliases=("public", "public visé", "pour qui", "bénéficiaires", "public cible"),
            help="Un ou plusieurs publics séparés par des points-virgules : "
            + " ; ".join(label for _code, label in PublicCode.choices)
            + ". « Personnes âgées vivant à domicile » si vide.",
            example="Personnes âgées vivant à domicile",
        ),
        Column(
            "organisations",
            "Organisations porteuses",
            aliases=("organisation", "organisations", "porteur", "porteurs", "structure",
                     "structure porteuse", "structures", "opérateur", "organisme"),
            required=True,
            help="Le nom de l'organisation qui mène l'action ; plusieurs séparées par des "
            "points-virgules. Une organisation inconnue de Maillage est proposée à la création.",
            example="Club des retraités de Plérin",
        ),
        Column(
            "commune",
            "Commune",
            aliases=("ville", "lieu", "code insee", "code commune", "localité", "commune du lieu",
                     "code postal"),
            help="Où l'action a lieu : le nom de la commune, son code INSEE ou son code postal. "
            "Vide pour une action à distance.",
            example="Plérin",
        ),
        Column(
            "address",
            "Adresse",
            aliases=("adresse du lieu", "lieu de rendez-vous", "rue"),
            example="Salle des fêtes, 2 rue de la Mairie",
        ),
        Column(
            "zone",
            "Zone couverte",
            aliases=("zone", "zone d'éligibilité", "territoire", "secteur", "périmètre",
                     "zone d'intervention", "communes couvertes"),
            help="Qui peut en bénéficier : « commune » (la commune de l'action), "
            "« intercommunalité », « département », « France », ou des noms ou codes de "
            "communes, d'intercommunalités et de départements séparés par des points-virgules. "
            "Vide : la commune de l'action (sinon le territoire de la coopération).",
            example="Saint-Brieuc Armor Agglomération",
        ),
        Column(
            "remote",
            "À distance",
            aliases=("distanciel", "en ligne", "par téléphone"),
            help="« oui » pour une action par téléphone ou en ligne, sans lieu d'accueil.",
            example="non",
        ),
        Column(
            "schedule",
            "Quand",
            aliases=("horaires", "jours et horaires", "fréquence", "calendrier", "périodicité",
                     "dates", "jours"),
            help="En clair, par exemple « chaque mardi après-midi, hors vacances scolaires ».",
            example="Chaque mardi après-midi",
        ),
        Column(
            "opening_hours",
            "Horaires OpenStreetMap",
            aliases=("opening_hours", "horaires osm", "horaires au format osm"),
            help="Facultatif : les horaires au format OpenStreetMap, par exemple "
            "« Tu 14:00-17:00 » pour le mardi de 14 h à 17 h.",
            example="Tu 14:00-17:00",
        ),
        Column(
            "is_free",
            "Gratuite",
            aliases=("gratuit", "gratuité"),
            help="« oui » ou « non ». Vide : déduit de la colonne du coût (gratuite s'il n'y en a "
            "pas).",
            example="oui",
        ),
        Column(
            "cost_details",
            "Coût et conditions",
            aliases=("coût", "tarif", "tarifs", "prix", "participation", "conditions"),
            example="Adhésion de 10 € par an",
        ),
        Column(
            "contact_phone",
            "Téléphone",
            aliases=("tél", "tel", "numéro de téléphone", "contact téléphone"),
            example="02 96 74 00 00",
        ),
        Column(
            "contact_email",
            "E-mail",
            aliases=("email", "courriel", "mail", "adresse électronique", "adresse e-mail",
                     "e-mail de contact"),
            example="contact@exemple.fr",
        ),
        Column(
            "drop_in",
            "Sans rendez-vous",
            aliases=("venir sur place", "accueil sur place", "sur place", "accès libre"),
            help="« oui » si l'on peut venir sur place sans rendez-vous.",
            example="non",
        ),
        Column(
            "form_url",
            "Inscription en ligne",
            aliases=("lien", "lien d'inscription", "formulaire", "site", "site internet", "url"),
            example="https://www.exemple.fr/inscription",
        ),
        Column(
            "how_to_join",
            "Comment participer",
            aliases=("modalités", "modalités d'accès", "comment y participer", "inscription",
                     "pour participer"),
            help="Ce qu'une personne ou sa famille doit faire pour en bénéficier.",
            example="Appeler le CCAS, qui organise une première rencontre.",
        ),
        Column(
            "status",
            "État",
            aliases=("statut", "état de l'action", "situation"),
            help="« en cours », « suspendue » ou « terminée » (« en cours » si vide).",
            example="en cours",
        ),
        Column(
            "verified_on",
            "Vérifiée le",
            aliases=("date de vérification", "mise à jour", "date de mise à jour",
                     "dernière vérification", "date maj", "vérifié le"),
            help="La date de la dernière confirmation, jj/mm/aaaa. Vide : aujourd'hui pour une "
            "nouvelle action, inchangée pour une action déjà importée.",
            example="15/09/2025",
        ),
    )  # fmt: skip

    def __init__(self, *, scope, actor=None):
        super().__init__(scope=scope, actor=actor)
        self.communes = Communes(scope)
        self.organisations = Organisations(scope, one_per_name=True)
        self.territories = Territories()
        self.today = timezone.localdate()
        self._territory_parts = None
        self.created_ids: list[int] = []
        self.updated_ids: list[int] = []

    # --- one row -----------------------------------------------------------------------------

    def prepare(self, rows):
        self.communes.prime(row["commune"] for row in rows)

    def clean(self, row):
        text = row.text
        title = text("title")
        if not title:
            row.refuse("title", "Le titre est obligatoire.")
        commune = row.read("commune", self.communes.get)
        fields = {
            "title": title,
            "summary": text("summary"),
            "description": sanitize(values.text_keeping_lines(row["description"])),
            "commune_id": commune.pk if commune else None,
            "address": text("address"),
            "remote": row.read("remote", values.yes_no, default=False),
            "schedule": text("schedule"),
            "opening_hours": text("opening_hours"),
            "cost_details": text("cost_details"),
            "contact_phone": self._checked(row, "contact_phone", checked_phone, PHONE_MESSAGE),
            "contact_email": self._checked(row, "contact_email", checked_email, EMAIL_MESSAGE),
            "drop_in": row.read("drop_in", values.yes_no, default=False),
            "form_url": self._checked(row, "form_url", checked_url, URL_MESSAGE),
            "how_to_join": text("how_to_join"),
            "status": row.read("status", _status),
        }
        for name in ("title", "summary", "address", "schedule", "cost_details", "how_to_join"):
            limit = Action._meta.get_field(name).max_length
            if len(fields[name]) > limit:
                row.refuse(name, f"Ce texte dépasse {limit} caractères : raccourcissez-le.")
        try:
            validate_opening_hours(fields["opening_hours"])
        except ValidationError as error:
            row.refuse("opening_hours", " ".join(error.messages))
        fields["is_free"] = self._is_free(row, fields["cost_details"])
        verified = row.read("verified_on", values.date)
        if verified and verified > self.today:
            row.refuse("verified_on", "Cette date est dans le futur.")
        fields["verified_on"] = verified or self.today
        kinds = self._many(row, "kinds", KINDS, _kind_refused) or {KindCode.OTHER}
        publics = self._many(row, "publics", PUBLICS, _public_refused) or {PublicCode.AT_HOME}
        parts = self._zone(row, commune)
        names = values.many(row["organisations"])
        if not names:
            row.refuse("organisations", "Indiquez au moins une organisation porteuse.")
        if row.refused:
            return None
        refs = []
        for name in names:
            try:
                ref = self.organisations.find(name[:200], commune=commune)
            except values.Refused as refused:
                row.refuse("organisations", refused.message, value=name)
                return None
            if isinstance(ref, str):
                self.organisations.propose(ref, row.line, name=name[:200], commune=commune)
            refs.append(ref)
        external_id = text("external_id")[:100]
        if not external_id:
            external_id = f"auto:{normalize(title)[:70]}@{commune.code if commune else ''}"
        return ActionRow(
            line=row.line,
            external_id=external_id,
            fields=fields,
            kinds=frozenset(kinds),
            publics=frozenset(publics),
            organisations=list(dict.fromkeys(refs)),
            parts=frozenset(parts),
            keep_verified=verified is None,
        )

    def key(self, item: ActionRow):
        return item.external_id

    def _checked(self, row, name, check, message) -> str:
        value = row.text(name)
        if not value:
            return ""
        try:
            return check(value)
        except ValidationError:
            row.refuse(name, message)
            return ""

    def _is_free(self, row, cost: str) -> bool:
        given = row.read("is_free", values.yes_no)
        if given is not None:
            return given
        return not cost or normalize(cost) in FREE_WORDS

    def _many(self, row, name, table, refused) -> set[str]:
        found = set()
        for part in values.many(row[name]):
            try:
                found.add(values.choice(part, table, refused=refused(part)))
            except values.Refused as error:
                row.refuse(name, error.message, value=part)
        return found

    def _zone(self, row, commune) -> set[tuple[str, str]]:
        tokens = values.many(row["zone"])
        if not tokens:
            if commune is not None:
                return {(PartKind.COMMUNE, commune.code)}
            return set(self._cooperation_parts())
        parts = set()
        for token in tokens:
            if commune is None and row.text("commune") and normalize(token) in ZONE_OF_THE_COMMUNE:
                continue  # the commune itself is refused, which says enough
            try:
                parts.add(self.territories.part(token, self.communes, commune))
            except values.Refused as error:
                row.refuse("zone", error.message, value=token)
        return parts

    def _cooperation_parts(self):
        if self._territory_parts is None:
            self._territory_parts = self.scope.perimeter.part_pairs()
        return self._territory_parts

    # --- a chunk: compare with what exists, then write ---------------------------------------

    def plan(self, items):
        by_id = {item.external_id: item for item in items}
        existing = {
            row["external_id"]: row
            # Excluding "" lets SQLite use the partial unique index (source, external id).
            for row in Action.objects.filter(source=self.scope, external_id__in=by_id)
            .exclude(external_id="")
            .order_by()
            .values("pk", "zone_id", "version", *SCALAR_FIELDS, "external_id")
        }
        pks = [row["pk"] for row in existing.values()]
        kinds, publics, carriers = _relations(pks)
        parts: dict[int, set] = {}
        for perimeter, kind, code in PerimeterPart.objects.filter(
            perimeter_id__in=[row["zone_id"] for row in existing.values()]
        ).values_list("perimeter_id", "kind", "code"):
            parts.setdefault(perimeter, set()).add((kind, code))
        planned = []
        for item in items:
            current = existing.get(item.external_id)
            if current is None:
                planned.append((item, CREATED))
                continue
            if item.keep_verified:
                item.fields["verified_on"] = current["verified_on"]
            item.existing = current
            same = (
                all(current[name] == item.fields[name] for name in SCALAR_FIELDS)
                and kinds.get(current["pk"], set()) == item.kinds
                and publics.get(current["pk"], set()) == item.publics
                and all(isinstance(ref, int) for ref in item.organisations)
                and carriers.get(current["pk"], set()) == set(item.organisations)
                and parts.get(current["zone_id"], set()) == item.parts
            )
            if not same:
                item.existing["_before"] = {
                    "kinds": kinds.get(current["pk"], set()),
                    "publics": publics.get(current["pk"], set()),
                }
            planned.append((item, UNCHANGED if same else UPDATED))
        return planned

    def write(self, planned):
        new = [item for item, outcome in planned if outcome == CREATED]
        changed = [item for item, outcome in planned if outcome == UPDATED]
        self.organisations.create_proposed(
            [ref for item in new + changed for ref in item.organisations],
            actor=self.actor,
            summary=f"Organisation créée par l'import de l'inventaire de {self.scope.name}",
        )
        now = timezone.now()
        content_type = ContentType.objects.get_for_model(Action)
        entries = []
        if new:
            zones = Perimeter.objects.bulk_create(
                Perimeter(label=item.fields["title"][:200]) for item in new
            )
            slugs = unique_slugs(
                Action, [(item.fields["title"], item.external_id.split("@")[-1]) for item in new]
            )
            actions = Action.objects.bulk_create(
                Action(
                    **item.fields,
                    zone=zone,
                    slug=slug,
                    source=self.scope,
                    external_id=item.external_id,
                    created_by=self.actor if getattr(self.actor, "pk", None) else None,
                )
                for item, zone, slug in zip(new, zones, slugs, strict=True)
            )
            self._write_parts(zip(zones, new, strict=True))
            self._write_relations(zip(actions, new, strict=True))
            self.created_ids += [action.pk for action in actions]
        if changed:
            rows = []
            for item in changed:
                action = Action(pk=item.existing["pk"], **item.fields)
                action.version = item.existing["version"] + 1
                action.updated_at = now
                rows.append(action)
            Action.objects.bulk_update(rows, [*SCALAR_FIELDS, "version", "updated_at"])
            zone_ids = [item.existing["zone_id"] for item in changed]
            PerimeterPart.objects.filter(perimeter_id__in=zone_ids).delete()
            self._write_parts((Perimeter(pk=item.existing["zone_id"]), item) for item in changed)
            action_ids = [item.existing["pk"] for item in changed]
            for relation in (Action.kinds, Action.publics, Action.organisations):
                relation.through.objects.filter(action_id__in=action_ids).delete()
            self._write_relations((Action(pk=item.existing["pk"]), item) for item in changed)
            self.updated_ids += action_ids
            entries += [
                AuditEntry(
                    actor=self._actor(),
                    target_type=content_type,
                    target_id=item.existing["pk"],
                    action="actions.action.update",
                    summary=f"Action mise à jour par l'import de l'inventaire de {self.scope.name}",
                    changes=_changes(item),
                    version=item.existing["version"] + 1,
                )
                for item in changed
            ]
        AuditEntry.objects.bulk_create(entries)

    def _actor(self):
        return self.actor if getattr(self.actor, "is_authenticated", False) else None

    def _write_parts(self, pairs):
        insert_rows(
            PerimeterPart,
            ("perimeter_id", "kind", "code"),
            [(zone.pk, kind, code) for zone, item in pairs for kind, code in sorted(item.parts)],
        )

    def _write_relations(self, pairs):
        pairs = list(pairs)
        insert_rows(
            Action.kinds.through,
            ("action_id", "kind_id"),
            [(action.pk, code) for action, item in pairs for code in sorted(item.kinds)],
        )
        insert_rows(
            Action.publics.through,
            ("action_id", "public_id"),
            [(action.pk, code) for action, item in pairs for code in sorted(item.publics)],
        )
        insert_rows(
            Action.organisations.through,
            ("action_id", "organisation_id"),
            [
                (action.pk, self.organisations.pk_of(ref))
                for action, item in pairs
                for ref in item.organisations
            ],
        )

    def proposals(self):
        return self.organisations.proposals()

    def finish(self, report: Report) -> None:
        audit_import(self, report, "actions.inventory.import", "Import de l'inventaire des actions")
        reindex(self.created_ids + self.updated_ids)

    def example_rows(self):
        return [
            [column.example for column in self.columns],
            ["ACT-002", "Appels de convivialité", "Un appel chaque semaine pour prendre des "
             "nouvelles.", "", "Appels téléphoniques de convivialité", "Personnes âgées vivant "
             "à domicile ; Aidants", "CCAS de Saint-Brieuc", "", "", "Côtes-d'Armor", "oui",
             "Le lundi et le jeudi", "Mo,Th 10:00-12:00", "oui", "", "02 96 62 54 00", "",
             "non", "", "Appeler le CCAS.", "en cours", "02/10/2025"],
        ]  # fmt: skip


def reindex(ids: list[int]) -> None:
    """Refresh the search index of the imported actions, in the import's transaction: the bulk
    writes bypass the signals that index a saved action."""
    reindex_actions(ids)


def insert_rows(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain rows (link tables, perimeter parts: numbers and codes) in one executemany: the
    model layer costs more than the database for tens of thousands of them."""
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  (names from the models)
        quote(model._meta.db_table),
        ", ".join(quote(model._meta.get_field(name).column) for name in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _relations(pks):
    kinds: dict[int, set] = {}
    publics: dict[int, set] = {}
    carriers: dict[int, set] = {}
    for table, target, column in (
        (kinds, Action.kinds.through, "kind_id"),
        (publics, Action.publics.through, "public_id"),
        (carriers, Action.organisations.through, "organisation_id"),
    ):
        for action, value in target.objects.filter(action_id__in=pks).values_list(
            "action_id", column
        ):
            table.setdefault(action, set()).add(value)
    return kinds, publics, carriers


def _changes(item: ActionRow) -> dict:
    """{field: [before, after]} of the plain fields an update changed, for the history."""
    changes = {}
    for name in SCALAR_FIELDS:
        before, after = item.existing[name], item.fields[name]
        if before != after:
            changes[name.removesuffix("_id")] = [_shown(before), _shown(after)]
    before = item.existing.get("_before", {})
    for name, now in (("kinds", item.kinds), ("publics", item.publics)):
        if before.get(name) != now:
            changes[name] = [", ".join(sorted(before.get(name, ()))), ", ".join(sorted(now))]
    return changes


def _shown(value) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def _status(value) -> str:
    if not values.text(value):
        return ActionStatus.ACTIVE
    return values.choice(
        value,
        STATUSES,
        refused=f"« {values.text(value)} » n'est pas un état connu : écrivez « en cours », "
        "« suspendue » ou « terminée ».",
    )


def _kind_refused(text: str) -> str:
    return (
        f"« {text} » n'est pas un type d'action connu : voyez la liste dans le guide des "
        "colonnes (par exemple « Visites à domicile », « Sorties et activités collectives »)."
    )


def _public_refused(text: str) -> str:
    return (
        f"« {text} » n'est pas un public connu : écrivez « Personnes âgées vivant à domicile », "
        "« Personnes âgées en établissement », « Aidants » ou « Tout public »."
    )
