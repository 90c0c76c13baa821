"""The words of the citizen teams: their life, how they are born, what they need."""

from django.db import models


class TeamStatus(models.TextChoices):
    PROJECT = "project", "en projet"
    STARTING = "starting", "en démarrage"
    ACTIVE = "active", "active"
    DORMANT = "dormant", "en sommeil"
    CLOSED = "closed", "fermée"


class RequesterKind(models.TextChoices):
    """Who asks to start a team."""

    FEW_PEOPLE = "few_people", "quelques personnes"
    EXISTING_GROUP = "existing_group", "un groupe qui existe déjà (club, paroisse, voisins…)"
    ORGANISATION = "organisation", "une organisation (association, CCAS, commune…)"


class StartupNeed(models.TextChoices):
    TRAINING = "training", "une formation"
    REFERENT = "referent", "un référent professionnel"
    PLACE = "place", "un lieu pour se réunir"
    FUNDING = "funding", "un financement de démarrage"
    CONTACTS = "contacts", "des contacts"
    INSURANCE = "insurance", "une assurance"


class Stage(models.TextChoices):
    """The start-up path, in order; a request may also be closed at any stage."""

    RECEIVED = "received", "demande reçue"
    FIRST_MEETING = "first_meeting", "première rencontre"
    PARTNER_CHOSEN = "partner_chosen", "partenaire d'entrée choisi"
    TRAINING = "training", "formation socle"
    CHARTER_SIGNED = "charter_signed", "charte signée"
    ACTIVE = "active", "équipe active"
    CLOSED = "closed", "demande close"


class SupportKind(models.TextChoices):
    """What a partner organisation offers a starting team."""

    COACHING = "coaching", "accompagnement par un référent"
    PLACE = "place", "un lieu"
    FUNDING = "funding", "un financement"
