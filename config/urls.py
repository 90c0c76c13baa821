from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from maillage.api.urls import api

# French error pages in the site's layout (maillage/core/errors.py).
handler400 = "maillage.core.views.bad_request"
handler403 = "maillage.core.views.permission_denied"
handler404 = "maillage.core.views.page_not_found"
handler500 = "maillage.core.views.server_error"

# Each app owns its paths, public and back office ("/mon-espace/…") alike.
urlpatterns = [
    path("", include("maillage.core.urls")),
    path("", include("maillage.accounts.urls")),
    path("", include("maillage.organisations.urls")),
    path("", include("maillage.cooperations.urls")),
    path("", include("maillage.actions.urls")),
    path("", include("maillage.teams.urls")),
    path("", include("maillage.animation.urls")),
    path("", include("maillage.observatory.urls")),
    path("territoires/", include("maillage.territories.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.MAILLAGE_SERVE_MEDIA:
    # Development only, DEBUG on or off (`make run`); in production the proxy serves them.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
