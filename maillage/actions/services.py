"""Writes on the inventory of actions: each in a transaction, audited, mail sent on commit.
Services assume an allowed actor: the views have called the gatekeepers
(`Action.objects.editable_by`, `permissions`) first; the commands and the admin are trusted."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from maillage.accounts.models import User
from maillage.cooperations.services import part_names
from maillage.core.audit import audited_create, audited_delete, audited_update, field_label
from maillage.core.mail import send_templated_mail
from maillage.core.models import audit
from maillage.core.ratelimit import limit
from maillage.organisations.enums import AffiliationRole
from maillage.organisations.models import Affiliation
from maillage.territories.enums import PartKind
from maillage.territories.services import clean_parts, perimeter_create, perimeter_set_parts

from .enums import ActionStatus
from .models import Action

# What the back-office form edits, in the order the history lists it.
EDITABLE_FIELDS = (
    "title",
    "summary",
    "description",
    "kinds",
    "publics",
    "commune",
    "address",
    "remote",
    "schedule",
    "opening_hours",
    "is_free",
    "cost_details",
    "contact_phone",
    "contact_email",
    "drop_in",
    "form_url",
    "how_to_join",
    "organisations",
    "status",
)
MANY_TO_MANY = ("kinds", "publics", "organisations")
# A cooperation's or an organisation's referents are reminded by hand at most this often.
MANUAL_REMINDER_RATE = "1/d"
ZONE_FIELD = "zone"
ZONE_WORDS = {
    PartKind.REGION: "Région",
    PartKind.DEPARTMENT: "Département",
    PartKind.EPCI: "Intercommunalité",
    PartKind.COMMUNE: "Commune",
}


def zone_text(parts: Iterable[tuple[str, str]]) -> str:
    """An eligibility zone as a person reads it: « Département Côtes-d'Armor (22) ; … »."""
    pairs = sorted(parts)
    names = part_names(pairs)
    words = []
    for kind, code in pairs:
        name = names.get((kind, code), code)
        words.append(name if kind == PartKind.COUNTRY else f"{ZONE_WORDS.get(kind, kind)} {name}")
    return " ; ".join(words)


def _labels(names) -> str:
    return ", ".join(field_label(Action, name) for name in names)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200].strip("-") or "action"
    taken = set(
        Action.objects.filter(slug__startswith=base).values_list("slug", flat=True).iterator()
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _check(values: dict) -> None:
    """Business rules the database cannot hold alone."""
    if not values.get("remote") and values.get("commune") is None:
        raise ValidationError(
            "Indiquez la commune où l'action a lieu, ou précisez qu'elle se déroule à distance.",
            code="no_place",
        )
    if "organisations" in values and not list(values["organisations"]):
        raise ValidationError(
            "Une action est portée par au moins une organisation.", code="no_carrier"
        )


@transaction.atomic
def action_create(*, actor: User | None, values: dict, zone: Iterable[tuple[str, str]]) -> Action:
    """Record a new action: its zone becomes a perimeter of its own; the creator is kept and
    the action counts as confirmed today."""
    values = {name: values[name] for name in EDITABLE_FIELDS if name in values}
    _check(values)
    parts = clean_parts(zone)
    plain = {name: value for name, value in values.items() if name not in MANY_TO_MANY}
    action = Action(
        **plain,
        slug=_unique_slug(plain["title"]),
        zone=perimeter_create(parts=parts, label=plain["title"][:200]),
        created_by=actor if actor is not None and actor.is_authenticated else None,
        verified_on=timezone.localdate(),
    )
    related = {name: list(values.get(name, ())) for name in MANY_TO_MANY}
    audited_create(
        actor=actor,
        instance=action,
        summary=f"Action créée : {action.title}",
        fields=[*plain, "verified_on"],
        extra_changes={
            **{
                name: ["", ", ".join(sorted(str(row) for row in rows))]
                for name, rows in related.items()
                if rows
            },
            ZONE_FIELD: ["", zone_text(parts)],
        },
    )
    for name, rows in related.items():
        getattr(action, name).set(rows)
    return action


def _locked(action: Action) -> Action:
    return Action.objects.select_for_update(of=("self",)).select_related("zone").get(pk=action.pk)


@transaction.atomic
def action_update(
    *,
    actor: User | None,
    action: Action,
    values: dict,
    zone: Iterable[tuple[str, str]] | None = None,
    version: int | None = None,
) -> dict[str, list[str]]:
    """Apply what an editor typed; a save through the form counts as a confirmation (the
    person has had the whole sheet before their eyes). `version`: the one the form started
    from (a stale save raises `StaleVersion`). Returns {field: [before, after]}."""
    current = _locked(action)
    values = {name: values[name] for name in EDITABLE_FIELDS if name in values}
    _check({"remote": current.remote, "commune": current.commune, **values})
    extra = {}
    new_parts = None
    if zone is not None:
        new_parts = clean_parts(zone)
        before = sorted(current.zone.part_pairs())
        if new_parts != before:
            extra[ZONE_FIELD] = [zone_text(before), zone_text(new_parts)]
        else:
            new_parts = None
    changes = audited_update(
        actor=actor,
        instance=current,
        values={**values, "verified_on": timezone.localdate()},
        version=version,
        extra_changes=extra,
        summary=lambda changes: f"Fiche de l'action modifiée : {_labels(changes)}",
    )
    if new_parts is not None:
        perimeter_set_parts(perimeter=current.zone, parts=new_parts)
    return changes


@transaction.atomic
def action_confirm(*, actor: User | None, action: Action) -> bool:
    """The action still runs as described: it is verified today. False when it already was."""
    current = _locked(action)
    changes = audited_update(
        actor=actor,
        instance=current,
        values={"verified_on": timezone.localdate()},
        action="actions.action.confirm",
        summary="Action confirmée : toujours d'actualité",
    )
    return bool(changes)


@transaction.atomic
def actions_confirm(*, actor: User | None, actions: Iterable[Action]) -> int:
    """Confirm several actions at once (« tout confirmer »): one history line each."""
    return sum(action_confirm(actor=actor, action=action) for action in actions)


@transaction.atomic
def action_end(*, actor: User | None, action: Action) -> None:
    """The action has stopped: it stays on record, with its history, marked « terminée », and
    leaves the searches and the reminders. Its editors may reopen it by changing its state."""
    current = _locked(action)
    if current.status == ActionStatus.ENDED:
        raise ValidationError("Cette action est déjà terminée.", code="already_ended")
    audited_update(
        actor=actor,
        instance=current,
        values={"status": ActionStatus.ENDED},
        action="actions.action.end",
        summary="Action terminée",
    )


@transaction.atomic
def action_delete(*, actor: User | None, action: Action, source: str | None = None) -> None:
    """Erase an action recorded by mistake (a duplicate, a test) with its zone: staff only,
    from the Django admin. Everyday endings go through `action_end`."""
    zone = action.zone
    options = {"source": source} if source else {}
    audited_delete(
        actor=actor,
        instance=action,
        summary=f"Action supprimée : {action.title}",
        fields=["title", "slug", "status", "verified_on"],
        **options,
    )
    zone.delete()


# --- reminders ---------------------------------------------------------------------------


def reminders(organisations=None) -> list[tuple[User, list[Action]]]:
    """Each active referent with the actions to confirm of the organisations they speak for
    (all of them, even beyond `organisations`, which only chooses whom to remind); nobody
    without an action to confirm. A constant number of queries."""
    affiliations = Affiliation.objects.filter(
        role=AffiliationRole.REFERENT, user__is_active=True
    ).select_related("user")
    if organisations is not None:
        chosen = Affiliation.objects.filter(
            role=AffiliationRole.REFERENT, organisation__in=organisations
        ).values("user")
        affiliations = affiliations.filter(user__in=chosen)
    organisations_of: dict[int, set[int]] = {}
    people: dict[int, User] = {}
    for affiliation in affiliations:
        organisations_of.setdefault(affiliation.user_id, set()).add(affiliation.organisation_id)
        people[affiliation.user_id] = affiliation.user
    carried = Action.organisations.through.objects.filter(
        organisation_id__in={pk for pks in organisations_of.values() for pk in pks},
        action__in=Action.objects.to_check(),
    ).select_related("action")
    actions_of: dict[int, dict[int, Action]] = {}
    for row in carried:
        actions_of.setdefault(row.organisation_id, {})[row.action_id] = row.action
    result = []
    for user_id, organisation_ids in organisations_of.items():
        mine = {pk: a for org in organisation_ids for pk, a in actions_of.get(org, {}).items()}
        if mine:
            actions = sorted(mine.values(), key=lambda a: (a.verified_on, a.title))
            result.append((people[user_id], actions))
    return sorted(result, key=lambda pair: pair[0].email)


def _remind(*, base_url: str, pairs, asked_by: User | None) -> int:
    to_check_url = base_url + reverse("actions:backoffice_to_check")
    for user, actions in pairs:
        send_templated_mail(
            to=(user.get_full_name(), user.email),
            template="actions/emails/to_confirm",
            context={
                "person": user,
                "actions": [
                    {"action": action, "url": base_url + action.get_absolute_url()}
                    for action in actions
                ],
                "count": len(actions),
                "to_check_url": to_check_url,
                "asked_by": asked_by.get_full_name() if asked_by else "",
            },
        )
    return len(pairs)


@transaction.atomic
def action_referents_remind_all(*, base_url: str) -> int:
    """The monthly reminder (`manage.py remind_action_referents`): one mail to each referent
    who has actions to confirm, none to the others. Returns the number of mails."""
    return _remind(base_url=base_url, pairs=reminders(), asked_by=None)


@transaction.atomic
def action_referents_remind(*, actor: User, about, organisations, base_url: str) -> int:
    """An animator or staff member reminds the referents of a cooperation's members or of one
    organisation (`about`, whose history records it) of their actions to confirm. At most
    once a day for the same cooperation or organisation, whoever asks; returns the number of
    mails (0: nobody has anything to confirm, and nothing is recorded)."""
    pairs = reminders(organisations)
    if not pairs:
        return 0
    limit(
        "actions_reminder",
        ident=f"{about._meta.label_lower}:{about.pk}",
        rate=MANUAL_REMINDER_RATE,
    )
    sent = _remind(base_url=base_url, pairs=pairs, asked_by=actor)
    audit(
        actor=actor,
        target=about,
        action="actions.reminder.send",
        summary=f"Relance des référents : {sent} e-mail{'s' if sent > 1 else ''} "
        "pour confirmer leurs actions",
    )
    return sent
