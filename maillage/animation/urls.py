from django.urls import path

from .views import events, questions

app_name = "animation"

# Fixed paths before "<int:pk>/".
event_patterns = [
    path("evenements/", events.event_list, name="event_list"),
    path("evenements/calendrier.ics", events.national_feed, name="national_feed"),
    path(
        "evenements/annuler-mon-inscription/<str:token>/",
        events.registration_cancel,
        name="registration_cancel",
    ),
    path("evenements/<int:pk>/", events.event_detail, name="event_detail"),
    path(
        "evenements/<int:pk>/inscription/<str:outcome>/",
        events.event_registered,
        name="event_registered",
    ),
    path("evenements/<int:pk>/calendrier.ics", events.event_ics, name="event_ics"),
    path(
        "cooperations/<slug:slug>/evenements/", events.cooperation_events, name="cooperation_events"
    ),
    path(
        "cooperations/<slug:slug>/evenements/calendrier.ics",
        events.cooperation_feed,
        name="cooperation_feed",
    ),
    path("mon-espace/evenements/", events.backoffice_list, name="backoffice_events"),
    path("mon-espace/evenements/ajouter/", events.backoffice_add, name="backoffice_event_add"),
    path(
        "mon-espace/evenements/<int:pk>/modifier/",
        events.backoffice_edit,
        name="backoffice_event_edit",
    ),
    path(
        "mon-espace/evenements/<int:pk>/annuler/",
        events.backoffice_cancel,
        name="backoffice_event_cancel",
    ),
    path(
        "mon-espace/evenements/<int:pk>/",
        events.backoffice_registrations,
        name="backoffice_registrations",
    ),
    path(
        "mon-espace/evenements/<int:pk>/inscriptions.<str:fmt>",
        events.backoffice_export,
        name="backoffice_registrations_export",
    ),
    path(
        "mon-espace/evenements/<int:pk>/feuille-d-emargement/",
        events.backoffice_sign_in_sheet,
        name="backoffice_sign_in_sheet",
    ),
]

urlpatterns = event_patterns

# The question box (its own block: the events' routes above are another engineer's).
question_patterns = [
    path("questions/", questions.faq, name="faq"),
    path("questions/poser/", questions.question_ask, name="question_ask"),
    path("questions/envoyee/", questions.question_sent, name="question_sent"),
    path("mon-espace/questions/", questions.backoffice_list, name="backoffice_questions"),
    path(
        "mon-espace/questions/<int:pk>/",
        questions.backoffice_question,
        name="backoffice_question",
    ),
    path(
        "mon-espace/questions/<int:pk>/publier/",
        questions.backoffice_publish,
        name="backoffice_question_publish",
    ),
    path(
        "mon-espace/questions/faq/<int:pk>/retirer/",
        questions.backoffice_unpublish,
        name="backoffice_faq_unpublish",
    ),
]

urlpatterns += question_patterns
