from django.db import models


class EventKind(models.TextChoices):
    RENDEZ_VOUS = "rendez_vous", "rendez-vous des coopérations"
    TRAINING = "training", "formation"
    STEERING = "steering", "comité de pilotage"
    PUBLIC_MEETING = "public_meeting", "réunion publique"
    WORKING_GROUP = "working_group", "groupe de travail"
    OTHER = "other", "autre"


class EventStatus(models.TextChoices):
    PUBLISHED = "published", "publié"
    CANCELLED = "cancelled", "annulé"


class Audience(models.TextChoices):
    PUBLIC = "public", "ouvert à tous"
    MEMBERS = "members", "réservé aux membres du réseau"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "inscrit"
    WAITING = "waiting", "en liste d'attente"
    CANCELLED = "cancelled", "annulé"
