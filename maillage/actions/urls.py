from django.urls import path

from .urls_backoffice import backoffice_patterns
from .views import public

app_name = "actions"

# "actions/recherche/imprimer/" has two segments: no action's slug can take it.
public_patterns = [
    path("actions/", public.action_search, name="search"),
    path("actions/recherche/imprimer/", public.action_search_print, name="search_print"),
    path("actions/<slug:slug>/", public.action_detail, name="detail"),
]

urlpatterns = public_patterns + backoffice_patterns
