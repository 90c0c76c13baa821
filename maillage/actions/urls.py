from django.urls import path

from .urls_backoffice import backoffice_patterns
from .urls_import import import_patterns
from .views import public

app_name = "actions"

public_patterns = [
    path("actions/<slug:slug>/", public.action_detail, name="detail"),
]

urlpatterns = public_patterns + backoffice_patterns
urlpatterns += import_patterns
