"""Values every template needs."""

from django.conf import settings


def site(request):
    return {"MAILLAGE_DEMO": settings.MAILLAGE_DEMO}
