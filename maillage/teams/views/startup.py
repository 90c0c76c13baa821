"""The start-up path: « Créer une équipe près de chez moi » (anyone), the cooperation's board of
requests and starting teams (its animators; national staff for the requests no cooperation
covers), and the support offers of the cooperation's member organisations (their referents).

Gatekeepers first: a request is reached through `visible_requests(user)` (staff: all; an
animator: their cooperations' requests), an offer page through `offerable_requests(user)`;
anyone else gets a 404, whether the request exists or not."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.actions.models import Kind
from maillage.cooperations.models import Cooperation
from maillage.core.actions import said_done, saved_on_form
from maillage.core.forms import Form, PhoneField
from maillage.core.honeypot import HoneypotMixin
from maillage.core.models import AuditEntry
from maillage.core.ratelimit import delay_in_words, rate_limit
from maillage.core.text import at_name
from maillage.organisations.models import Organisation
from maillage.territories.search import commune_by_code, commune_label, resolve_commune

from ..enums import RequesterKind, Stage, StartupNeed, SupportKind
from ..models import StartupRequest
from ..services import startup
from ..services.volunteers import retention_in_words

# Every post counts, corrections included: a few projects an hour from one address.
REQUEST_RATE = "10/h"
PROJECT_MAX = StartupRequest._meta.get_field("project").max_length
# Active teams stay on the board this long after their last step, then leave it.
ACTIVE_SHOWN_FOR = datetime.timedelta(days=180)


# --- forms ------------------------------------------------------------------------------------


class StartupRequestForm(HoneypotMixin, Form):
    commune = forms.CharField(
        label="Votre commune",
        max_length=120,
        help_text="Son nom, son code postal ou son code INSEE. Par exemple : Plérin ou 22190.",
    )
    requester_kind = forms.ChoiceField(
        label="Qui porte le projet ?", choices=RequesterKind.choices, widget=forms.RadioSelect
    )
    kinds = forms.ModelMultipleChoiceField(
        label="Ce que vous aimeriez faire",
        queryset=Kind.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    project = forms.CharField(
        label="Votre projet en quelques mots",
        max_length=PROJECT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Qui vous êtes, ce qui vous donne envie d'agir (3 000 caractères au plus). "
        "Ne nommez aucune personne âgée.",
    )
    needs = forms.MultipleChoiceField(
        label="Ce dont vous auriez besoin",
        choices=StartupNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label="Votre nom", max_length=150)
    contact_email = forms.EmailField(
        label="Votre adresse e-mail",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = PhoneField(label="Ou votre numéro de téléphone", required=False)
    consent = forms.BooleanField(
        label="J'accepte que la coopération de mon territoire me contacte au sujet de ce projet"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].error_messages["required"] = "Indiquez votre commune."
        self.fields["requester_kind"].error_messages["required"] = "Dites qui porte le projet."
        self.fields["project"].error_messages["required"] = (
            "Décrivez votre projet en quelques mots."
        )
        self.fields["project"].error_messages["max_length"] = (
            f"Votre texte est trop long : {PROJECT_MAX} caractères au plus "
            "(il en compte %(show_value)d)."
        )
        self.fields["contact_name"].error_messages["required"] = "Indiquez votre nom."
        self.fields["consent"].help_text = (
            f"Vos coordonnées sont supprimées {retention_in_words()} après la clôture "
            "de la demande."
        )
        self.fields["consent"].error_messages["required"] = (
            "Cochez la case pour que la coopération puisse vous contacter."
        )

    def clean_commune(self):
        return resolve_commune(self.cleaned_data["commune"])

    def clean(self):
        data = super().clean()
        given = data.get("contact_email") or data.get("contact_phone")
        mistyped = "contact_email" in self.errors or "contact_phone" in self.errors
        if not given and not mistyped:
            self.add_error(
                "contact_email",
                "Indiquez une adresse e-mail ou un numéro de téléphone pour que la coopération "
                "puisse vous répondre.",
            )
        return data


class MoveForm(Form):
    stage = forms.ChoiceField(label="Étape", choices=[(s.value, s.label) for s in startup.PATH])


class CloseForm(Form):
    reason = forms.CharField(
        label="Motif de la clôture",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Par exemple : le groupe a rejoint une équipe voisine "
        "(2 000 caractères au plus).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Indiquez le motif de la clôture."


class OfferForm(Form):
    organisation = forms.ModelChoiceField(label="Au nom de", queryset=Organisation.objects.none())
    kinds = forms.MultipleChoiceField(
        label="Ce que vous proposez",
        choices=SupportKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label="Quelques mots pour l'équipe et la coopération",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["kinds"].error_messages["required"] = "Cochez au moins un soutien proposé."
        if organisations is not None and len(organisations) == 1:
            self.initial.setdefault("organisation", organisations[0])


# --- gatekeepers ------------------------------------------------------------------------------


def visible_requests(user):
    """Deny by default: staff see every request; an animator those of their cooperations."""
    if not user.is_authenticated or not user.is_active:
        return StartupRequest.objects.none()
    if user.is_staff:
        return StartupRequest.objects.all()
    return StartupRequest.objects.filter(cooperation__animators__user=user)


def offering_organisations(user):
    """The organisations a person speaks for (referent) that are members of a cooperation."""
    return Organisation.objects.editable_by(user).filter(memberships__isnull=False).distinct()


def offerable_requests(user):
    """The open requests of the cooperations the person's organisations are members of."""
    organisations = offering_organisations(user)
    return (
        StartupRequest.objects.exclude(stage__in=[Stage.CLOSED, Stage.ACTIVE])
        .filter(cooperation__memberships__organisation__in=organisations)
        .distinct()
    )


# --- public: « Créer une équipe près de chez moi » -------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("startup_request", ip=REQUEST_RATE, block=False)
def startup_request(request):
    initial = {}
    if code := request.GET.get("commune", "").strip().upper():
        initial["commune"] = commune_label(commune_by_code(code))
    form = StartupRequestForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and request.rate_limited:
            form.add_error(
                None,
                "Vous avez envoyé plusieurs demandes en peu de temps : réessayez dans "
                f"{delay_in_words(request.rate_limited.retry_after)}. "
                "Ce que vous avez écrit est conservé ci-dessous.",
            )
            status = 429
        elif saved_on_form(
            request,
            form,
            lambda: _submit(request, form),
        ):
            return redirect("teams:startup_request_sent")
    response = render(
        request,
        "teams/startup/request.html",
        {"form": form, "title": "Créer une équipe près de chez moi"},
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(request.rate_limited.retry_after)
    return response


def _submit(request, form):
    data = form.cleaned_data
    made = startup.startup_request_submit(
        commune=data["commune"],
        requester_kind=data["requester_kind"],
        contact_name=data["contact_name"],
        contact_email=data["contact_email"],
        contact_phone=data["contact_phone"],
        project=data["project"],
        kinds=data["kinds"],
        needs=data["needs"],
        consent=data["consent"],
        base_url=request.build_absolute_uri("/")[:-1],
    )
    request.session["startup_request_cooperation"] = (
        made.cooperation.name if made.cooperation else ""
    )
    return made


@require_GET
def startup_request_sent(request):
    return render(
        request,
        "teams/startup/sent.html",
        {
            "cooperation_name": request.session.get("startup_request_cooperation", ""),
            "title": "Votre projet est transmis",
        },
    )


# --- the board ----------------------------------------------------------------------------------


def _url_maker(name: str):
    """A URL with the request's number, without a `reverse` per card (500 cards a page)."""
    sample = reverse(name, args=[987654321])
    return lambda pk: sample.replace("987654321", str(pk))


def _support(row: dict) -> str:
    """Where the request stands with its entry partner, as the card says it."""
    if row["entry_partner__name"]:
        return f"Partenaire d'entrée : {row['entry_partner__name']}"
    if row["no_entry_partner"]:
        return "Sans partenaire d'entrée"
    if count := row["offer_count"]:
        return f"{count} soutien proposé" if count == 1 else f"{count} soutiens proposés"
    return ""


def board_rows(requests, now=None):
    """The board's requests, by stage of the path: open ones, and the teams active for less
    than six months. One query (offers counted in it), rows as plain values: the board of a
    busy cooperation holds hundreds of cards."""
    now = now or timezone.now()
    rows = (
        requests.filter(~Q(stage=Stage.CLOSED))
        .exclude(stage=Stage.ACTIVE, stage_since__lt=now - ACTIVE_SHOWN_FOR)
        .annotate(offer_count=Count("support_offers"))
        .order_by("stage_since", "pk")
        .values(
            "pk",
            "stage",
            "stage_since",
            "last_activity_at",
            "requester_kind",
            "commune__name",
            "entry_partner__name",
            "no_entry_partner",
            "team__name",
            "team__slug",
            "offer_count",
        )
    )
    columns = {stage: [] for stage in startup.PATH}
    stale = now - startup.UNTOUCHED_AFTER
    kinds = dict(RequesterKind.choices)
    detail_url = _url_maker("teams:startup_request_detail")
    move_url = _url_maker("teams:startup_request_move")
    following = {stage: startup.next_stage(stage) for stage in startup.PATH}
    for row in rows:
        stage = row["stage"]
        row["title"] = f"Projet d'équipe {at_name(row['commune__name'])}"
        row["kind"] = kinds.get(row["requester_kind"], "")
        row["days"] = days = (now - row["stage_since"]).days
        row["since"] = f"{days} jour{'s' if days > 1 else ''} à cette étape"
        row["support"] = _support(row)
        row["untouched"] = stage != Stage.ACTIVE and row["last_activity_at"] <= stale
        row["quiet_days"] = (now - row["last_activity_at"]).days
        row["next_stage"] = following[stage]
        row["next_label"] = Stage(following[stage]).label if following[stage] else ""
        row["url"] = detail_url(row["pk"])
        row["move_url"] = move_url(row["pk"])
        columns[stage].append(row)
    return [
        {"stage": stage, "label": stage.label, "rows": columns[stage]} for stage in startup.PATH
    ]


def _board(request, cooperation, requests):
    columns = board_rows(requests)
    return render(
        request,
        "teams/startup/board.html",
        {
            "cooperation": cooperation,
            "columns": columns,
            "count": sum(len(c["rows"]) for c in columns),
            "closed_count": requests.filter(stage=Stage.CLOSED).count(),
            "title": "Équipes en démarrage",
        },
    )


@login_required
@require_GET
def startup_board(request, slug):
    cooperation = get_object_or_404(Cooperation.objects.editable_by(request.user), slug=slug)
    return _board(request, cooperation, StartupRequest.objects.filter(cooperation=cooperation))


@login_required
@require_GET
def startup_board_national(request):
    """National staff: the requests that no cooperation covers."""
    if not (request.user.is_staff and request.user.is_active):
        raise PermissionDenied
    return _board(request, None, StartupRequest.objects.filter(cooperation__isnull=True))


def _visible(request, pk) -> StartupRequest:
    return get_object_or_404(
        visible_requests(request.user).select_related(
            "commune", "cooperation", "entry_partner", "team"
        ),
        pk=pk,
    )


@login_required
@require_GET
def startup_request_detail(request, pk):
    item = _visible(request, pk)
    return _detail(request, item)


def _detail(request, item, *, move_form=None, close_form=None, status=200):
    now = timezone.now()
    changes = list(item.stage_changes.select_related("actor"))
    for index, change in enumerate(changes):
        following = changes[index + 1] if index + 1 < len(changes) else None
        change.left_at = following.entered_at if following else None
    return render(
        request,
        "teams/startup/detail.html",
        {
            "item": item,
            "title": str(item),
            "changes": changes,
            "offers": _offers(item),
            "needs": [StartupNeed(n).label for n in item.needs if n in StartupNeed.values],
            "kinds": list(item.kinds.all()),
            "untouched": item.stage not in (Stage.ACTIVE, Stage.CLOSED)
            and item.last_activity_at <= now - startup.UNTOUCHED_AFTER,
            "next_stage": startup.next_stage(item.stage),
            "next_label": Stage(startup.next_stage(item.stage)).label
            if startup.next_stage(item.stage)
            else "",
            "move_form": move_form or MoveForm(initial={"stage": item.stage}),
            "close_form": close_form or CloseForm(),
            "history": AuditEntry.objects.about(item).select_related("actor")[:50],
            "board_url": startup.board_url(item.cooperation),
        },
        status=status,
    )


def _offers(item) -> list:
    offers = list(item.support_offers.select_related("organisation").order_by("pk"))
    for offer in offers:
        offer.kind_labels = [SupportKind(k).label for k in offer.kinds if k in SupportKind.values]
    return offers


@login_required
@require_POST
def startup_request_move(request, pk):
    item = _visible(request, pk)
    form = MoveForm(request.POST)
    base_url = request.build_absolute_uri("/")[:-1]
    if not form.is_valid():
        return _detail(request, item, move_form=form, status=400)
    stage = form.cleaned_data["stage"]
    if (
        said_done(
            request,
            lambda: startup.startup_request_move(
                actor=request.user, request=item, stage=stage, base_url=base_url
            ),
            done=f"La demande passe à l'étape « {Stage(stage).label} ».",
        )
        and stage == Stage.ACTIVE
    ):
        item.refresh_from_db()
        messages.info(
            request,
            "L'équipe est ouverte sur Maillage ; la personne qui portait le projet est invitée "
            "à en être référente si elle a donné son adresse e-mail.",
        )
    if request.POST.get("from") == "board":
        return redirect(startup.board_url(item.cooperation))
    return redirect("teams:startup_request_detail", item.pk)


@login_required
@require_POST
def startup_request_close(request, pk):
    item = _visible(request, pk)
    form = CloseForm(request.POST)
    if saved_on_form(
        request,
        form,
        lambda: startup.startup_request_close(
            actor=request.user, request=item, reason=form.cleaned_data["reason"]
        ),
        field="reason",
    ):
        messages.success(request, "La demande est close.")
        return redirect(startup.board_url(item.cooperation))
    return _detail(request, item, close_form=form, status=400)


@login_required
@require_POST
def startup_request_partner(request, pk):
    """Record the entry partner the team chose among the offers (`organisation`), or none."""
    item = _visible(request, pk)
    organisation = None
    if chosen := request.POST.get("organisation", ""):
        organisation = get_object_or_404(
            Organisation.objects.filter(support_offers__request=item), pk=chosen
        )
    said_done(
        request,
        lambda: startup.entry_partner_choose(
            actor=request.user, request=item, organisation=organisation
        ),
        done=f"Partenaire d'entrée : {organisation.name if organisation else 'sans partenaire'}.",
    )
    return redirect("teams:startup_request_detail", item.pk)


# --- support offers (referents of member organisations) ----------------------------------------


@login_required
@require_GET
def startup_offers(request):
    organisations = list(offering_organisations(request.user))
    if not organisations:
        raise PermissionDenied
    rows = (
        offerable_requests(request.user)
        .select_related("commune", "cooperation")
        .annotate(
            mine=Count("support_offers", filter=Q(support_offers__organisation__in=organisations))
        )
        .order_by("cooperation__name", "-created_at")
    )
    return render(
        request,
        "teams/startup/offers.html",
        {"rows": rows, "organisations": organisations, "title": "Équipes en démarrage"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def startup_offer(request, pk):
    item = get_object_or_404(
        offerable_requests(request.user).select_related("commune", "cooperation"), pk=pk
    )
    organisations = list(
        offering_organisations(request.user)
        .filter(memberships__cooperation=item.cooperation)
        .order_by("name")
    )
    form = OfferForm(
        request.POST or None,
        organisations=Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
    )
    if saved_on_form(
        request,
        form,
        lambda: startup.support_offer_make(
            actor=request.user,
            request=item,
            organisation=form.cleaned_data["organisation"],
            kinds=form.cleaned_data["kinds"],
            message=form.cleaned_data["message"],
            base_url=request.build_absolute_uri("/")[:-1],
        ),
    ):
        messages.success(
            request,
            "Votre proposition est transmise à la coopération, qui la présentera à l'équipe : "
            "c'est l'équipe qui choisit son partenaire.",
        )
        return redirect("teams:startup_offers")
    return render(
        request,
        "teams/startup/offer.html",
        {
            "item": item,
            "form": form,
            "needs": [StartupNeed(n).label for n in item.needs if n in StartupNeed.values],
            "title": "Proposer un soutien",
        },
        status=400 if request.method == "POST" else 200,
    )
