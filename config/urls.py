from django.contrib import admin
from django.urls import include, path

from maillage.api.urls import api

urlpatterns = [
    path("", include("maillage.core.urls")),
    path("territoires/", include("maillage.territories.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
