"""Pages of the events: the public list, an event's page with its registration form, the
calendar files, the cancellation link of a mail, and the organisers' back office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from maillage.cooperations.models import Cooperation
from maillage.core.actions import said_done, saved_on_form
from maillage.core.audit import StaleVersion
from maillage.core.exports import FORMATS, spreadsheet_response
from maillage.core.paging import page_of
from maillage.core.ratelimit import delay_in_words, rate_limit

from .. import services
from ..enums import EventKind, RegistrationStatus
from ..forms import EventForm, RegistrationForm
from ..ical import calendar_response
from ..models import Event

PER_PAGE = 20
# Feeds reach back a little: a calendar keeps showing the meetings of the last weeks.
FEED_PAST_DAYS = 60
REGISTRATION_RATE = "10/h"
# The page after a registration, by whether the person waits: (place, waiting list).
OUTCOMES = ("confirmee", "liste-d-attente")


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _events():
    return Event.objects.select_related("cooperation", "commune")


# --- public pages ---------------------------------------------------------------------------


@require_GET
def event_list(request):
    """Upcoming events of the whole network, filtered by cooperation and kind."""
    events = _events().visible_to(request.user).published().upcoming()
    cooperations = Cooperation.objects.filter(events__in=events).distinct().order_by("name")
    chosen = {"cooperation": request.GET.get("cooperation", ""), "kind": request.GET.get("kind")}
    if chosen["cooperation"] == "national":
        events = events.national()
    elif chosen["cooperation"]:
        events = events.filter(cooperation__slug=chosen["cooperation"])
    if chosen["kind"] in EventKind.values:
        events = events.filter(kind=chosen["kind"])
    return render(
        request,
        "animation/events/list.html",
        {
            "page": page_of(request, events, PER_PAGE),
            "cooperations": cooperations,
            "kinds": EventKind.choices,
            "chosen": chosen,
            "organiser": _organises_events(request.user),
        },
    )


@require_GET
def cooperation_events(request, slug):
    """A cooperation's events: upcoming ones, then the last past ones."""
    cooperation = get_object_or_404(Cooperation, slug=slug)
    events = _events().visible_to(request.user).filter(cooperation=cooperation)
    now = timezone.now()
    return render(
        request,
        "animation/events/cooperation.html",
        {
            "cooperation": cooperation,
            "upcoming": events.upcoming(now),
            "past": events.filter(ends_at__lt=now).order_by("-starts_at")[:PER_PAGE],
        },
    )


@rate_limit("animation.registration", ip=REGISTRATION_RATE, block=False)
@require_http_methods(["GET", "HEAD", "POST"])
def event_detail(request, pk):
    """An event's page; its form registers the visitor (or puts them on the waiting list)."""
    event = get_object_or_404(_events().visible_to(request.user), pk=pk)
    form = RegistrationForm(request.POST if request.method == "POST" else None, user=request.user)
    status = 200
    if request.method == "POST" and request.rate_limited:
        form.is_valid()
        form.add_error(
            None,
            "Vous avez envoyé plusieurs inscriptions en peu de temps : réessayez dans "
            f"{delay_in_words(request.rate_limited.retry_after)}.",
        )
        status = 429
    elif request.method == "POST":
        registration = []
        done = saved_on_form(
            request,
            form,
            lambda: registration.append(
                services.registration_create(
                    event=event,
                    name=form.person()[0],
                    email=form.person()[1],
                    user=request.user,
                    base_url=_base_url(request),
                )
            ),
        )
        if done:
            waiting = registration[0].status == RegistrationStatus.WAITING
            return redirect("animation:event_registered", pk=event.pk, outcome=OUTCOMES[waiting])
        status = 400
    response = render(
        request,
        "animation/events/detail.html",
        {
            "event": event,
            "form": form,
            "refusal": event.registration_refusal(),
            "counts": _counts(event),
            "mine": _registration_of(request.user, event),
            "organised": request.user.is_authenticated
            and Event.objects.organisable_by(request.user).filter(pk=event.pk).exists(),
        },
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(request.rate_limited.retry_after)
    return response


@require_GET
def event_registered(request, pk, outcome):
    """What the registration gave: a place or the waiting list; the mail on its way."""
    event = get_object_or_404(_events().visible_to(request.user), pk=pk)
    if outcome not in OUTCOMES:
        raise Http404
    return render(
        request,
        "animation/events/registered.html",
        {"event": event, "waiting": outcome == OUTCOMES[True]},
    )


def _counts(event: Event) -> dict:
    registered = event.registrations.registered().count()
    places_left = None if event.capacity is None else max(event.capacity - registered, 0)
    return {
        "registered": registered,
        "waiting": event.registrations.waiting().count(),
        "places_left": places_left,
    }


def _registration_of(user, event: Event):
    if not user.is_authenticated:
        return None
    return event.registrations.live().filter(email=user.email.lower()).first()


@require_GET
def event_ics(request, pk):
    """The event as a calendar file ("ajouter à mon agenda")."""
    event = get_object_or_404(_events().visible_to(request.user), pk=pk)
    return calendar_response(request, [event], name=event.title, filename=event.title)


def _feed_events():
    since = timezone.now() - timezone.timedelta(days=FEED_PAST_DAYS)
    # A feed is fetched by calendar programs, without a session: public events only.
    return _events().visible_to_anyone().filter(ends_at__gte=since).order_by("starts_at", "pk")


@require_GET
def national_feed(request):
    return calendar_response(
        request,
        _feed_events(),
        name="Rendez-vous du réseau MONALISA",
        filename="rendez-vous-monalisa",
    )


@require_GET
def cooperation_feed(request, slug):
    cooperation = get_object_or_404(Cooperation, slug=slug)
    return calendar_response(
        request,
        _feed_events().filter(cooperation=cooperation),
        name=f"Rendez-vous de {cooperation.name}",
        filename=f"rendez-vous-{cooperation.slug}",
    )


@rate_limit("animation.registration_cancel", ip="20/h")
@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request, token):
    """The link of the mails: GET asks (mail programs open links), POST cancels."""
    registration = services.registration_of_token(token)
    if registration is None:
        raise Http404
    event = registration.event
    if request.method == "POST" and registration.status != RegistrationStatus.CANCELLED:
        services.registration_cancel(registration=registration, base_url=_base_url(request))
        messages.success(request, "Votre inscription est annulée. Merci de nous avoir prévenus.")
        return redirect("animation:registration_cancel", token=token)
    return render(
        request,
        "animation/events/registration_cancel.html",
        {"registration": registration, "event": event},
    )


def _organises_events(user) -> bool:
    """Whether the person may publish events (the way into the organisers' pages)."""
    if not user.is_authenticated:
        return False
    return user.is_staff or Cooperation.objects.editable_by(user).exists()


# --- the organisers' back office ------------------------------------------------------------


def _organisable_cooperations(user):
    if user.is_staff:
        return Cooperation.objects.order_by("name")
    return Cooperation.objects.editable_by(user).order_by("name")


def organised_event(request, pk) -> Event:
    """The gatekeeper of every back-office page of an event, called first: the event if the
    user organises it (animator of its cooperation, or staff), else 404."""
    return get_object_or_404(_events().organisable_by(request.user), pk=pk)


@login_required
@require_GET
def backoffice_list(request):
    """The events the person organises; 403 for someone who may organise none."""
    cooperations = list(_organisable_cooperations(request.user))
    if not cooperations and not request.user.is_staff:
        raise PermissionDenied
    events = _events().organisable_by(request.user).with_counts().order_by("-starts_at", "-pk")
    return render(
        request,
        "animation/events/backoffice/list.html",
        {"page": page_of(request, events, PER_PAGE), "title": "Événements", "section": "list"},
    )


def _event_form_page(request, form, *, event, title):
    return render(
        request,
        "animation/events/backoffice/form.html",
        {"form": form, "event": event, "title": title},
    )


@login_required
@require_http_methods(["GET", "POST"])
def backoffice_add(request):
    cooperations = list(_organisable_cooperations(request.user))
    if not cooperations and not request.user.is_staff:
        raise PermissionDenied
    form = EventForm(
        request.POST or None, cooperations=cooperations, national=request.user.is_staff
    )
    created = []
    if saved_on_form(
        request,
        form,
        lambda: created.append(
            services.event_create(
                actor=request.user, cooperation=form.organiser_cooperation(), **form.values()
            )
        ),
    ):
        messages.success(request, "L'événement est publié.")
        return redirect("animation:backoffice_registrations", pk=created[0].pk)
    return _event_form_page(request, form, event=None, title="Publier un événement")


@login_required
@require_http_methods(["GET", "POST"])
def backoffice_edit(request, pk):
    event = organised_event(request, pk)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                actor=request.user,
                event=event,
                base_url=_base_url(request),
                version=form.started_version(),
                **form.values(),
            )
        except StaleVersion as error:
            form.refuse_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Les modifications sont enregistrées.")
            return redirect("animation:backoffice_registrations", pk=event.pk)
    return _event_form_page(request, form, event=event, title="Modifier l'événement")


@login_required
@require_http_methods(["GET", "POST"])
def backoffice_cancel(request, pk):
    event = organised_event(request, pk)
    if request.method == "POST":
        said_done(
            request,
            lambda: services.event_cancel(
                actor=request.user, event=event, base_url=_base_url(request)
            ),
            done="L'événement est annulé ; les personnes inscrites sont prévenues par un mail "
            "qui part dans quelques instants.",
        )
        return redirect("animation:backoffice_registrations", pk=event.pk)
    return render(
        request,
        "animation/events/backoffice/cancel.html",
        {"event": event, "title": "Annuler l'événement", "counts": _counts(event)},
    )


def _people(event: Event):
    return event.registrations.live().select_related("user").order_by("status", "created_at", "pk")


@login_required
@require_GET
def backoffice_registrations(request, pk):
    event = organised_event(request, pk)
    registrations = list(_people(event))
    return render(
        request,
        "animation/events/backoffice/registrations.html",
        {
            "event": event,
            "title": "Inscriptions",
            "section": "registrations",
            "registered": [r for r in registrations if r.status == RegistrationStatus.REGISTERED],
            "waiting": [r for r in registrations if r.status == RegistrationStatus.WAITING],
            "formats": FORMATS,
        },
    )


EXPORT_HEADERS = ["Nom", "Adresse e-mail", "Statut", "Inscrit le", "Rang d'attente"]


@login_required
@require_GET
def backoffice_export(request, pk, fmt):
    event = organised_event(request, pk)
    if fmt not in FORMATS:
        raise Http404

    def rows():
        rank = 0
        for registration in _people(event):
            waiting = registration.status == RegistrationStatus.WAITING
            rank += waiting
            yield [
                registration.name,
                registration.email,
                registration.get_status_display(),
                registration.created_at,
                rank if waiting else "",
            ]

    return spreadsheet_response(
        rows(),
        headers=EXPORT_HEADERS,
        filename=f"inscriptions {event.title}",
        fmt=fmt,
        sheet_title="Inscriptions",
    )


@login_required
@require_GET
def backoffice_sign_in_sheet(request, pk):
    """The printable sign-in sheet: one line per registered person, a blank column to sign."""
    event = organised_event(request, pk)
    return render(
        request,
        "animation/events/backoffice/sign_in_sheet.html",
        {
            "event": event,
            "title": "Feuille d'émargement",
            "registered": _people(event)
            .filter(status=RegistrationStatus.REGISTERED)
            .order_by("name", "pk"),
            "blank_lines": range(5),
        },
    )
