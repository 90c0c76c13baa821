from django.urls import path

from . import views

app_name = "observatory"

urlpatterns = [
    path("observatoire/zones-blanches/", views.national_white_zones, name="white_zones"),
    path(
        "observatoire/departements/<str:code>/",
        views.department_diagnosis,
        name="department",
    ),
    path(
        "observatoire/cooperations/<slug:slug>/",
        views.cooperation_diagnosis,
        name="cooperation",
    ),
]
