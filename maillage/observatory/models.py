"""The territorial diagnosis: census figures per commune, and what reaches each commune
(teams, actions, cooperations), computed for all of France by `refresh_coverage`."""

from django.db import models

from maillage.territories.models import Commune, Department, Epci


class CommunePopulation(models.Model):
    """INSEE census figures for one current commune (never a person: counts only). The census
    figures are weighted estimates; they are stored rounded to the unit."""

    commune = models.OneToOneField(
        Commune,
        on_delete=models.CASCADE,
        related_name="population_figures",
        verbose_name="commune",
    )
    year = models.PositiveSmallIntegerField("année du recensement")
    aged_80_plus = models.PositiveIntegerField("personnes de 80 ans ou plus")
    aged_80_plus_alone = models.PositiveIntegerField("dont vivant seules")
    aged_55_79_alone = models.PositiveIntegerField("personnes de 55 à 79 ans vivant seules")
    one_person_households = models.PositiveIntegerField("ménages d'une personne")
    source = models.CharField("source", max_length=200)
    is_fictional = models.BooleanField(
        "chiffres fictifs", default=False, help_text="Chiffres de démonstration."
    )

    class Meta:
        verbose_name = "population d'une commune"
        verbose_name_plural = "populations des communes"

    def __str__(self) -> str:
        return f"{self.commune} — {self.year}"


class CommuneCoverage(models.Model):
    """What reaches one current commune, as `refresh_coverage` last computed it."""

    commune = models.OneToOneField(
        Commune,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="coverage",
        verbose_name="commune",
    )
    # Copied from the commune so a département's or an EPCI's list reads one table.
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="+", verbose_name="département"
    )
    epci = models.ForeignKey(
        Epci,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="intercommunalité",
    )
    team_count = models.PositiveIntegerField("équipes citoyennes labellisées actives", default=0)
    action_count = models.PositiveIntegerField("actions en cours", default=0)
    actions_by_kind = models.JSONField("actions en cours par type", default=dict)
    cooperation_count = models.PositiveIntegerField("coopérations", default=0)
    aged_80_plus_alone = models.PositiveIntegerField(
        "personnes de 80 ans ou plus vivant seules", null=True, blank=True
    )
    computed_at = models.DateTimeField("calculé le")

    class Meta:
        verbose_name = "couverture d'une commune"
        verbose_name_plural = "couvertures des communes"
        indexes = [
            models.Index(fields=["team_count", "aged_80_plus_alone"], name="observatory_cov_white"),
            models.Index(fields=["department", "team_count"], name="observatory_cov_dep"),
        ]

    def __str__(self) -> str:
        return str(self.commune)

    @property
    def is_covered(self) -> bool:
        return self.team_count > 0
