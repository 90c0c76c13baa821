from django.db import models


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", "association"
    CCAS = "ccas", "CCAS / CIAS"
    LOCAL_AUTHORITY = "local_authority", "commune ou intercommunalité"
    DEPARTMENT_COUNCIL = "department_council", "département"
    PENSION_FUND = "pension_fund", "caisse de retraite"
    MUTUAL_INSURER = "mutual_insurer", "mutuelle"
    SOCIAL_CENTRE = "social_centre", "centre social"
    CARE_HOME = "care_home", "établissement pour personnes âgées"
    INSTITUTION = "institution", "institution"
    OTHER = "other", "autre"


class AffiliationRole(models.TextChoices):
    REFERENT = "referent", "référent"
    MEMBER = "member", "membre"


class CharterKind(models.TextChoices):
    NATIONAL = "national", "charte MONALISA"


class SignatureStatus(models.TextChoices):
    REQUESTED = "requested", "demandée"
    VALIDATED = "validated", "validée"
    REFUSED = "refused", "refusée"
    WITHDRAWN = "withdrawn", "retirée"
