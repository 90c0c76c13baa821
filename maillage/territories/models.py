"""The official geography of France, down to the commune, and the perimeters built from it."""

from django.db import models
from django.urls import reverse

from maillage.core.fields import link
from maillage.core.text import normalize

from .enums import COUNTRY_CODE, CommuneKind, EpciKind, PartKind, Zone


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    zone = models.CharField("zone", max_length=5, choices=Zone.choices)

    class Meta:
        verbose_name = "région"
        verbose_name_plural = "régions"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DepartmentQuerySet(models.QuerySet):
    def searching(self, query: str):
        key = normalize(query)
        return self.filter(
            models.Q(code__iexact=query.strip()) | models.Q(search_name__contains=key)
        )


class Department(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    search_name = models.CharField("nom normalisé", max_length=100, db_index=True, editable=False)
    region = link(Region, "région", related_name="departments", on_delete=models.PROTECT)
    zone = models.CharField("zone", max_length=5, choices=Zone.choices)
    population = models.PositiveIntegerField("population municipale", default=0)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = "département"
        verbose_name_plural = "départements"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("territories:department_detail", args=[self.code])


class Epci(models.Model):
    code = models.CharField("SIREN", max_length=9, primary_key=True)
    name = models.CharField("nom", max_length=200)
    search_name = models.CharField("nom normalisé", max_length=200, db_index=True, editable=False)
    kind = models.CharField("nature juridique", max_length=5, choices=EpciKind.choices)
    population = models.PositiveIntegerField("population municipale", default=0)

    class Meta:
        verbose_name = "intercommunalité (EPCI)"
        verbose_name_plural = "intercommunalités (EPCI)"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommuneQuerySet(models.QuerySet):
    def current(self):
        """Communes as they exist today (no delegated, associated or municipal district)."""
        return self.filter(kind=CommuneKind.CURRENT)

    def addressable(self):
        """What a page, a perimeter or an address can point to: communes and municipal districts."""
        return self.filter(kind__in=[CommuneKind.CURRENT, CommuneKind.MUNICIPAL_DISTRICT])


class Commune(models.Model):
    """A commune of the Code officiel géographique; (code, kind) is unique, the code alone is not:
    a delegated commune often keeps the code of the new commune it joined."""

    code = models.CharField("code INSEE", max_length=5)
    kind = models.CharField("type", max_length=4, choices=CommuneKind.choices)
    name = models.CharField("nom", max_length=100)
    search_name = models.CharField("nom normalisé", max_length=100, editable=False)
    department = link(Department, "département", related_name="communes", on_delete=models.PROTECT)
    region = link(Region, "région", related_name="communes", on_delete=models.PROTECT)
    epci = link(
        Epci, "intercommunalité", related_name="communes", on_delete=models.SET_NULL, optional=True
    )
    current = link(
        "self",
        "commune de rattachement",
        related_name="attached",
        optional=True,
        help_text="Pour une commune déléguée, associée ou un arrondissement municipal.",
    )
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    former_codes = models.CharField(
        "anciens codes INSEE", max_length=200, blank=True, help_text="Séparés par des espaces."
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "kind"], name="territories_commune_code_kind"),
            models.CheckConstraint(
                condition=models.Q(kind=CommuneKind.CURRENT, current__isnull=True)
                | (~models.Q(kind=CommuneKind.CURRENT) & models.Q(current__isnull=False)),
                name="territories_commune_current_iff_attached",
            ),
        ]
        indexes = [
            models.Index(fields=["search_name"], name="territories_commune_search"),
            models.Index(fields=["department", "kind", "name"], name="territories_commune_dep"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.department_id})"

    def save(self, *args, **kwargs):
        self.search_name = normalize(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("territories:commune_detail", args=[self.target.code])

    def audit_label(self) -> str:
        """How a history line names the commune: its code tells homonyms apart."""
        return f"{self.name} ({self.code})"

    @property
    def is_current(self) -> bool:
        return self.kind == CommuneKind.CURRENT

    @property
    def target(self) -> "Commune":
        """The commune a page or a perimeter speaks of: itself, or the one it now belongs to.
        A municipal district is a place of its own (a team may act in one arrondissement)."""
        if self.kind in (CommuneKind.CURRENT, CommuneKind.MUNICIPAL_DISTRICT):
            return self
        return self.current

    def covering_parts(self) -> list[tuple[str, str]]:
        """The (kind, code) pairs that, in any perimeter, cover this commune."""
        place = self.target
        pairs = [(PartKind.COMMUNE.value, place.code)]
        if place.kind == CommuneKind.MUNICIPAL_DISTRICT:
            pairs.append((PartKind.COMMUNE.value, place.current.code))
        if place.epci_id:
            pairs.append((PartKind.EPCI.value, place.epci_id))
        pairs += [
            (PartKind.DEPARTMENT.value, place.department_id),
            (PartKind.REGION.value, place.region_id),
            (PartKind.COUNTRY.value, COUNTRY_CODE),
        ]
        return pairs


class PostalCode(models.Model):
    """La Poste's postal codes; one commune has several, one code serves several communes."""

    code = models.CharField("code postal", max_length=5, db_index=True)
    commune = link(Commune, "commune", related_name="postal_codes")

    class Meta:
        verbose_name = "code postal"
        verbose_name_plural = "codes postaux"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "code"], name="territories_postalcode_unique"
            )
        ]

    def __str__(self) -> str:
        return self.code


class GeographyImport(models.Model):
    """One run of import_territories that wrote something: what it read and what it changed."""

    source_version = models.CharField("version du paquet", max_length=40)
    fingerprint = models.CharField("empreinte des fichiers", max_length=64)
    imported_at = models.DateTimeField("importé le", auto_now_add=True)
    report = models.JSONField("rapport", default=dict)

    class Meta:
        verbose_name = "import du référentiel géographique"
        verbose_name_plural = "imports du référentiel géographique"
        ordering = ["-imported_at"]
        get_latest_by = "imported_at"

    def __str__(self) -> str:
        return f"{self.source_version} — {self.imported_at:%d/%m/%Y %H:%M}"


class PerimeterQuerySet(models.QuerySet):
    def covering(self, commune: Commune):
        """Perimeters that contain this commune: an indexed look-up of at most six (kind, code)."""
        return self.filter(pk__in=PerimeterPart.objects.covering(commune).values("perimeter_id"))


class Perimeter(models.Model):
    """A territory "à géométrie variable": a set of regions, departments, EPCIs, communes,
    or the whole country. Large parts are never expanded into one row per commune."""

    label = models.CharField("libellé", max_length=200, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = PerimeterQuerySet.as_manager()

    class Meta:
        verbose_name = "périmètre"
        verbose_name_plural = "périmètres"

    def __str__(self) -> str:
        return self.label or f"Périmètre n° {self.pk}"

    def part_pairs(self) -> list[tuple[str, str]]:
        return [(part.kind, part.code) for part in self.parts.all()]

    def contains(self, commune: Commune) -> bool:
        return PerimeterPart.objects.covering(commune).filter(perimeter=self).exists()

    def communes(self):
        """The communes (and municipal districts named as parts) inside, without duplicates."""
        return Commune.objects.filter(self.commune_condition(current_only=True))

    def commune_condition(self, prefix: str = "", *, current_only: bool = False) -> models.Q:
        """Whether a commune lies inside, read on its own columns: `prefix` is the path to it
        ("commune__" from an organisation). Any kind of commune matches (a delegated commune by
        its department, region or code), unless `current_only`: then only current communes, and
        the municipal districts named as parts."""
        by_kind: dict[str, list[str]] = {}
        for kind, code in self.part_pairs():
            by_kind.setdefault(kind, []).append(code)

        def where(**lookups) -> models.Q:
            return models.Q(**{f"{prefix}{name}": value for name, value in lookups.items()})

        current = where(kind=CommuneKind.CURRENT) if current_only else models.Q()
        if PartKind.COUNTRY in by_kind:
            return current if current_only else where(pk__isnull=False)
        condition = where(pk__in=[])
        if codes := by_kind.get(PartKind.REGION):
            condition |= current & where(region_id__in=codes)
        if codes := by_kind.get(PartKind.DEPARTMENT):
            condition |= current & where(department_id__in=codes)
        if codes := by_kind.get(PartKind.EPCI):
            condition |= current & where(epci_id__in=codes)
        if codes := by_kind.get(PartKind.COMMUNE):
            named = (
                where(kind__in=[CommuneKind.CURRENT, CommuneKind.MUNICIPAL_DISTRICT])
                if current_only
                else models.Q()
            )
            condition |= named & where(code__in=codes)
        return condition

    def population(self) -> int:
        """Total population; a municipal district inside a commune also named is counted once."""
        communes = self.communes()
        named_cities = communes.filter(kind=CommuneKind.CURRENT).values("pk")
        total = (
            communes.exclude(kind=CommuneKind.MUNICIPAL_DISTRICT, current__in=named_cities)
            .aggregate(total=models.Sum("population"))
            .get("total")
        )
        return total or 0


class PerimeterPartQuerySet(models.QuerySet):
    def covering(self, commune: Commune):
        condition = models.Q(pk__in=[])
        for kind, code in commune.covering_parts():
            condition |= models.Q(kind=kind, code=code)
        return self.filter(condition)


class PerimeterPart(models.Model):
    perimeter = link(Perimeter, "périmètre", related_name="parts")
    kind = models.CharField("nature", max_length=10, choices=PartKind.choices)
    code = models.CharField("code officiel", max_length=9)

    objects = PerimeterPartQuerySet.as_manager()

    class Meta:
        verbose_name = "partie de périmètre"
        verbose_name_plural = "parties de périmètre"
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["perimeter", "kind", "code"], name="territories_perimeterpart_unique"
            )
        ]
        indexes = [
            models.Index(fields=["kind", "code", "perimeter"], name="territories_part_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}"
