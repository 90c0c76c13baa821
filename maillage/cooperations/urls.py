from django.urls import path

from .urls_backoffice import backoffice_patterns
from .views import public

app_name = "cooperations"

# Fixed paths before "<slug>/": a cooperation may not be called "liste" or "pour-ma-commune".
public_patterns = [
    path("cooperations/", public.cooperation_map, name="map"),
    path("cooperations/liste/", public.cooperation_list, name="list"),
    path("cooperations/pour-ma-commune/", public.for_commune, name="for_commune"),
    path("cooperations/<slug:slug>/", public.cooperation_detail, name="detail"),
    path("cooperations/<slug:slug>/communes/", public.cooperation_communes, name="communes"),
]

urlpatterns = public_patterns + backoffice_patterns
