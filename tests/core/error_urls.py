"""The site's URLs plus views that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns
from maillage.accounts.models import User

SECRET = "détail-interne-7f3a"


def refuse(request):
    raise PermissionDenied(SECRET)


def malformed(request):
    raise SuspiciousOperation(SECRET)


def crash(request):
    raise RuntimeError(SECRET)


def count_users(request):
    raise RuntimeError(f"{SECRET} {User.objects.count()}")


urlpatterns = [
    path("essai/refus/", refuse),
    path("essai/malforme/", malformed),
    path("essai/panne/", crash),
    path("essai/base/", count_users),
    *site_urlpatterns,
]
