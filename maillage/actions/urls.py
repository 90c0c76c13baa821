from django.urls import path

from .views import public

app_name = "actions"

urlpatterns = [
    path("actions/<slug:slug>/", public.action_detail, name="detail"),
]
