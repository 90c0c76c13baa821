from django.db import models


class Zone(models.TextChoices):
    METRO = "metro", "France métropolitaine"
    DROM = "drom", "département ou région d'outre-mer"
    COM = "com", "collectivité d'outre-mer"


class CommuneKind(models.TextChoices):
    """INSEE's own codes for the kinds of commune in the Code officiel géographique."""

    CURRENT = "COM", "commune"
    DELEGATED = "COMD", "commune déléguée"
    ASSOCIATED = "COMA", "commune associée"
    MUNICIPAL_DISTRICT = "ARM", "arrondissement municipal"


class EpciKind(models.TextChoices):
    CC = "CC", "communauté de communes"
    CA = "CA", "communauté d'agglomération"
    CU = "CU", "communauté urbaine"
    METRO = "METRO", "métropole"
    MET69 = "MET69", "métropole de Lyon"


class PartKind(models.TextChoices):
    """What a part of a perimeter is; the codes are the official ones (data·inclusion's too)."""

    COUNTRY = "country", "France entière"
    REGION = "region", "région"
    DEPARTMENT = "department", "département"
    EPCI = "epci", "intercommunalité (EPCI)"
    COMMUNE = "commune", "commune"


COUNTRY_CODE = "FR"
