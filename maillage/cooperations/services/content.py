"""What a cooperation publishes: its objectives, news and testimonies."""

import datetime

from django.core.files import File
from django.db import transaction

from maillage.accounts.models import User
from maillage.core.audit import audited_create, audited_delete, audited_update
from maillage.core.richtext import sanitize

from ..enums import ObjectiveStatus
from ..models import Cooperation, NewsItem, Objective, Testimony

NEWS_FIELDS = ("title", "body", "published_on")
OBJECTIVE_FIELDS = ("title", "description", "status", "position")
TESTIMONY_FIELDS = ("quote", "person_name", "person_role", "organisation_name", "position")


def _create(*, actor: User, row, fields, summary: str):
    return audited_create(
        actor=actor, instance=row, target=row.cooperation, fields=fields, summary=summary
    )


def _locked(row):
    model = type(row)
    return (
        model.objects.select_for_update(of=("self",)).select_related("cooperation").get(pk=row.pk)
    )


def _update(*, actor: User, row, values: dict, summary: str):
    """Change a row of the cooperation's content, read again under lock; return it."""
    row = _locked(row)
    audited_update(
        actor=actor, instance=row, target=row.cooperation, values=values, summary=summary
    )
    return row


def _delete(*, actor: User, row, fields, summary: str) -> None:
    audited_delete(
        actor=actor, instance=row, target=row.cooperation, fields=fields, summary=summary
    )


# --- objectives ----------------------------------------------------------------------------


@transaction.atomic
def objective_create(
    *,
    actor: User,
    cooperation: Cooperation,
    title: str,
    description: str = "",
    status: str = ObjectiveStatus.PLANNED,
    position: int = 0,
) -> Objective:
    return _create(
        actor=actor,
        row=Objective(
            cooperation=cooperation,
            title=title,
            description=description,
            status=status,
            position=position,
        ),
        fields=OBJECTIVE_FIELDS,
        summary=f"Objectif ajouté : « {title} »",
    )


@transaction.atomic
def objective_update(
    *, actor: User, objective: Objective, title: str, description: str, status: str, position: int
) -> Objective:
    return _update(
        actor=actor,
        row=objective,
        values={"title": title, "description": description, "status": status, "position": position},
        summary=f"Objectif modifié : « {title} »",
    )


@transaction.atomic
def objective_delete(*, actor: User, objective: Objective) -> None:
    _delete(
        actor=actor,
        row=objective,
        fields=OBJECTIVE_FIELDS,
        summary=f"Objectif supprimé : « {objective.title} »",
    )


# --- news ----------------------------------------------------------------------------------


@transaction.atomic
def news_create(
    *, actor: User, cooperation: Cooperation, title: str, body: str, published_on: datetime.date
) -> NewsItem:
    return _create(
        actor=actor,
        row=NewsItem(
            cooperation=cooperation,
            title=title,
            body=sanitize(body),
            published_on=published_on,
            created_by=actor,
        ),
        fields=NEWS_FIELDS,
        summary=f"Actualité publiée : « {title} »",
    )


@transaction.atomic
def news_update(
    *, actor: User, news_item: NewsItem, title: str, body: str, published_on: datetime.date
) -> NewsItem:
    return _update(
        actor=actor,
        row=news_item,
        values={"title": title, "body": sanitize(body), "published_on": published_on},
        summary=f"Actualité modifiée : « {title} »",
    )


@transaction.atomic
def news_delete(*, actor: User, news_item: NewsItem) -> None:
    _delete(
        actor=actor,
        row=news_item,
        fields=["title"],
        summary=f"Actualité supprimée : « {news_item.title} »",
    )


# --- testimonies ---------------------------------------------------------------------------


def _delete_file_on_commit(name: str, storage) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def testimony_create(
    *,
    actor: User,
    cooperation: Cooperation,
    quote: str,
    person_name: str,
    person_role: str = "",
    organisation_name: str = "",
    photo: File | None = None,
    position: int = 0,
) -> Testimony:
    testimony = Testimony(
        cooperation=cooperation,
        quote=quote,
        person_name=person_name,
        person_role=person_role,
        organisation_name=organisation_name,
        position=position,
    )
    if photo:
        testimony.photo = photo
    return _create(
        actor=actor,
        row=testimony,
        fields=TESTIMONY_FIELDS,
        summary=f"Témoignage ajouté : {person_name}",
    )


@transaction.atomic
def testimony_update(
    *,
    actor: User,
    testimony: Testimony,
    quote: str,
    person_name: str,
    person_role: str,
    organisation_name: str,
    position: int,
    photo: File | None = None,
    remove_photo: bool = False,
) -> Testimony:
    """Change a testimony; `photo` replaces the picture, `remove_photo` takes it away."""
    testimony = _locked(testimony)
    values = {
        "quote": quote,
        "person_name": person_name,
        "person_role": person_role,
        "organisation_name": organisation_name,
        "position": position,
    }
    old_photo = testimony.photo.name
    extra = {}
    if photo or (remove_photo and old_photo):
        _delete_file_on_commit(old_photo, testimony.photo.storage)
        values["photo"] = photo or ""
        # The file names mean nothing to a reader: say what happened to the picture.
        extra["photo"] = ["photo" if old_photo else "", "nouvelle photo" if photo else ""]
    audited_update(
        actor=actor,
        instance=testimony,
        target=testimony.cooperation,
        values=values,
        summary=f"Témoignage modifié : {person_name}",
        extra_changes=extra,
    )
    return testimony


@transaction.atomic
def testimony_delete(*, actor: User, testimony: Testimony) -> None:
    _delete_file_on_commit(testimony.photo.name, testimony.photo.storage)
    _delete(
        actor=actor,
        row=testimony,
        fields=["person_name"],
        summary=f"Témoignage supprimé : {testimony.person_name}",
    )
