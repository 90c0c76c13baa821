from django.urls import path

from .urls_backoffice import backoffice_patterns
from .urls_import import import_patterns
from .views import exports, public

app_name = "actions"

# "actions/recherche/imprimer/" has two segments: no action's slug can take it.
public_patterns = [
    path("actions/", public.action_search, name="search"),
    path("actions/recherche/imprimer/", public.action_search_print, name="search_print"),
    path("actions/recherche/actions.<str:fmt>", public.action_search_export, name="search_export"),
    path("actions/<slug:slug>/", public.action_detail, name="detail"),
]

# Downloads and open data (views/exports.py).
export_patterns = [
    path(
        "cooperations/<slug:slug>/actions.<str:fmt>",
        exports.cooperation_inventory,
        name="cooperation_inventory",
    ),
    path(
        "mon-espace/cooperations/<slug:slug>/inventaire-des-actions.<str:fmt>",
        exports.cooperation_inventory_backoffice,
        name="backoffice_inventory",
    ),
    path("donnees/", exports.open_data, name="open_data"),
    path(
        "donnees/data-inclusion/structures.json",
        exports.data_inclusion_structures,
        name="data_inclusion_structures",
    ),
    path(
        "donnees/data-inclusion/services.json",
        exports.data_inclusion_services,
        name="data_inclusion_services",
    ),
]

urlpatterns = public_patterns + backoffice_patterns + export_patterns
urlpatterns += import_patterns
