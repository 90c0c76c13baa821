from django.urls import path

from .views import public

app_name = "territories"
urlpatterns = [
    path("", public.department_list, name="department_list"),
    path("departements/<str:code>/", public.department_detail, name="department_detail"),
    path("communes/recherche/", public.commune_search, name="commune_search"),
    path("communes/<str:code>/", public.commune_detail, name="commune_detail"),
]
