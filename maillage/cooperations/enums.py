from django.db import models


class CooperationStatus(models.TextChoices):
    EMERGING = "emerging", "émergente"
    ACTIVE = "active", "active"
    DORMANT = "dormant", "en sommeil"


class WorkingMode(models.TextChoices):
    THEMATIC_GROUPS = "thematic_groups", "groupes de travail thématiques"
    TERRITORIAL_SECTORS = "territorial_sectors", "secteurs territoriaux"
    OTHER = "other", "autre organisation"


class Aim(models.IntegerChoices):
    """The eight aims of a MONALISA cooperation, as the national page words them."""

    UNDERSTANDING = (
        1,
        "Partager une compréhension commune de l'isolement social des personnes âgées",
    )
    SHARED_VISION = 2, "Construire une vision partagée du territoire"
    VISIBILITY = 3, "Valoriser, rendre visible et lisible l'ensemble des actions existantes"
    DEPLOYMENT = 4, "Impulser le déploiement d'équipes citoyennes pour mieux mailler le territoire"
    SUPPORT = 5, "Soutenir les équipes citoyennes émergentes et le déploiement de leurs actions"
    FREEDOM = 6, "Garantir le respect de la liberté et de la pluralité d'appartenance des équipes"
    NETWORK = 7, "Animer le réseau des équipes et des acteurs pour partager les expériences"
    AWARENESS = 8, "Sensibiliser largement à l'isolement social et promouvoir la mobilisation"


class MemberRole(models.TextChoices):
    CO_ANIMATOR = "co_animator", "co-animateur"
    STEERING = "steering", "comité de pilotage"
    MEMBER = "member", "membre"
    FUNDER = "funder", "financeur"
    PARTNER = "partner", "partenaire"


class ObjectiveStatus(models.TextChoices):
    PLANNED = "planned", "prévu"
    IN_PROGRESS = "in_progress", "en cours"
    ACHIEVED = "achieved", "atteint"
    ABANDONED = "abandoned", "abandonné"
