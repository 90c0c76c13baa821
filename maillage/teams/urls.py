from django.urls import path

from .views import public

app_name = "teams"

public_patterns = [
    path("equipes/<slug:slug>/", public.team_detail, name="detail"),
]
backoffice_patterns: list = []

urlpatterns = public_patterns + backoffice_patterns
