"""The words of the inventory: what an action does, for whom, in what state."""

from django.db import models


class KindCode(models.TextChoices):
    """What an action (or a citizen team) does. Rows of `Kind` carry these codes."""

    HOME_VISITS = "visites_domicile", "Visites à domicile"
    CARE_HOME_VISITS = "visites_etablissement", "Visites en établissement"
    PHONE_CALLS = "appels_convivialite", "Appels téléphoniques de convivialité"
    OUTINGS = "sorties_activites", "Sorties et activités collectives"
    INTERGENERATIONAL = "intergenerationnel", "Rencontres intergénérationnelles"
    DIGITAL = "numerique", "Inclusion numérique"
    MOBILITY = "mobilite", "Mobilité et transport"
    PAPERWORK = "demarches_droits", "Aide aux démarches et accès aux droits"
    CARERS = "soutien_aidants", "Soutien aux aidants"
    IDENTIFYING = "reperage", "Repérage des personnes isolées"
    CULTURE = "culture_loisirs", "Culture et loisirs"
    PHYSICAL = "activite_physique", "Activité physique"
    OTHER = "autre", "Autre"


class PublicCode(models.TextChoices):
    """Whom an action is for. Rows of `Public` carry these codes."""

    AT_HOME = "domicile", "Personnes âgées vivant à domicile"
    CARE_HOME = "etablissement", "Personnes âgées en établissement"
    CARERS = "aidants", "Aidants"
    EVERYONE = "tout_public", "Tout public"


class ActionStatus(models.TextChoices):
    ACTIVE = "active", "en cours"
    SUSPENDED = "suspended", "suspendue"
    ENDED = "ended", "terminée"
