from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from maillage.api.urls import api

# Each app owns its paths, public and back office ("/mon-espace/…") alike.
urlpatterns = [
    path("", include("maillage.core.urls")),
    path("", include("maillage.accounts.urls")),
    path("", include("maillage.organisations.urls")),
    path("", include("maillage.cooperations.urls")),
    path("territoires/", include("maillage.territories.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
