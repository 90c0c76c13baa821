"""News and testimonies: the list, add, edit and delete pages of `core.backoffice.ItemPages`."""

from django.utils.dateformat import format as format_date

from maillage.core.backoffice import ItemPages

from ... import services
from ...forms import NewsItemForm, TestimonyForm
from ...models import NewsItem, Testimony
from ._common import LAYOUT, editable_cooperation


class CooperationItemPages(ItemPages):
    """Rows of one cooperation, in its back office."""

    base_template = LAYOUT
    parent_field = "cooperation"

    def parent(self, request, *, slug):
        return editable_cooperation(request, slug)

    def parent_context(self, cooperation) -> dict:
        return {"cooperation": cooperation}

    def parent_args(self, cooperation) -> list:
        return [cooperation.slug]

    def values(self, form, names) -> dict:
        return {name: form.cleaned_data[name] for name in names}


class NewsPages(CooperationItemPages):
    model = NewsItem
    form_class = NewsItemForm
    section = "news"
    list_url = "cooperations:backoffice_news"
    list_template = "cooperations/backoffice/news_list.html"
    list_title = "Actualités"
    add_title = "Publier une actualité"
    edit_title = "Modifier une actualité"
    delete_title = "Supprimer une actualité"
    add_button = "Publier l'actualité"
    edit_button = "Enregistrer l'actualité"
    delete_button = "Supprimer l'actualité"
    back_label = "Retour aux actualités"
    added_message = "L'actualité est publiée."
    delete_consequence = "Elle disparaîtra de la page publique."
    fieldsets = [(None, ["title", "published_on", "body"])]

    def rows(self, cooperation):
        return cooperation.news.all()

    def create(self, *, actor, parent, form, request):
        services.news_create(
            actor=actor, cooperation=parent, **self.values(form, services.NEWS_FIELDS)
        )

    def update(self, *, actor, item, form, request):
        services.news_update(actor=actor, news_item=item, **self.values(form, services.NEWS_FIELDS))

    def delete(self, *, actor, item):
        services.news_delete(actor=actor, news_item=item)

    def deleted_message(self, item) -> str:
        return f"L'actualité « {item.title} » est supprimée."

    def delete_question(self, item) -> str:
        day = format_date(item.published_on, "j F Y")
        return f"Voulez-vous vraiment supprimer l'actualité « {item.title} » du {day} ?"


class TestimonyPages(CooperationItemPages):
    model = Testimony
    form_class = TestimonyForm
    section = "testimonies"
    list_url = "cooperations:backoffice_testimonies"
    list_template = "cooperations/backoffice/testimony_list.html"
    rows_name = "testimonies"
    list_title = "Témoignages"
    add_title = "Ajouter un témoignage"
    edit_title = "Modifier un témoignage"
    delete_title = "Supprimer un témoignage"
    add_button = edit_button = "Enregistrer le témoignage"
    delete_button = "Supprimer le témoignage"
    back_label = "Retour aux témoignages"
    added_message = "Le témoignage est ajouté."
    delete_consequence = "Il disparaîtra de la page publique, avec sa photo."
    fieldsets = [
        (None, ["quote"]),
        ("Qui parle", ["person_name", "person_role", "organisation_name"]),
        (None, ["photo", "position"]),
    ]

    def rows(self, cooperation):
        return cooperation.testimonies.all()

    def create(self, *, actor, parent, form, request):
        services.testimony_create(
            actor=actor,
            cooperation=parent,
            photo=form.cleaned_data.get("photo") or None,
            **self.values(form, services.TESTIMONY_FIELDS),
        )

    def update(self, *, actor, item, form, request):
        photo = form.cleaned_data.get("photo")
        services.testimony_update(
            actor=actor,
            testimony=item,
            # A new upload replaces the photo; the "clear" box gives False.
            photo=photo if "photo" in request.FILES else None,
            remove_photo=photo is False,
            **self.values(form, services.TESTIMONY_FIELDS),
        )

    def delete(self, *, actor, item):
        services.testimony_delete(actor=actor, testimony=item)

    def deleted_message(self, item) -> str:
        return f"Le témoignage de {item.person_name} est supprimé."

    def delete_question(self, item) -> str:
        return f"Voulez-vous vraiment supprimer le témoignage de {item.person_name} ?"


news = NewsPages()
testimonies = TestimonyPages()
