"""Rich text: the sanitiser, the text typed without a toolbar, the Markdown of older texts, the
model field, the form field, the template filter and the preview."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from maillage.cooperations.models import Cooperation, NewsItem
from maillage.core.richtext import (
    RichTextFormField,
    from_markdown,
    legacy_to_html,
    migrate_rich_texts,
    sanitize,
    visible_text,
)
from tests.accounts.factories import UserFactory
from tests.cooperations.factories import CooperationFactory, NewsItemFactory
from tests.html import Page

LINK_REL = 'rel="noopener noreferrer nofollow"'

# --- sanitize: what can run never survives ---------------------------------------------------


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Bonjour</p><script>alert('x')</script>", "<p>Bonjour</p>"),
        ('<p onclick="voler()" onmouseover="x()">Agir</p>', "<p>Agir</p>"),
        ('<p style="color:red" class="MsoNormal">Texte</p>', "<p>Texte</p>"),
        ("<style>p { display: none }</style><p>Visible</p>", "<p>Visible</p>"),
        ('<p><a href="javascript:alert(1)">lien</a></p>', "<p>lien</p>"),
        ('<p><a href="data:text/html,x">lien</a></p>', "<p>lien</p>"),
        ('<p>Avant<img src="x" onerror="alert(1)">après</p>', "<p>Avantaprès</p>"),
        ('<iframe src="https://exemple.fr"></iframe><p>Reste</p>', "<p>Reste</p>"),
        ('<p>Un<o:p></o:p> <span lang="fr">mot</span></p>', "<p>Un mot</p>"),
    ],
)
def test_sanitize_removes_what_could_run_or_restyle(dirty, clean):
    assert sanitize(dirty) == clean


def test_sanitize_keeps_the_formatting_of_the_toolbar():
    html = (
        "<h3>Intertitre</h3><p><strong>gras</strong> et <em>italique</em></p>"
        "<ul><li>un</li></ul><ol><li>deux</li></ol>"
        '<p><a href="https://exemple.fr/page">site</a> <a href="mailto:a@exemple.fr">mail</a></p>'
    )
    assert sanitize(html) == (
        "<h3>Intertitre</h3><p><strong>gras</strong> et <em>italique</em></p>"
        "<ul><li>un</li></ul><ol><li>deux</li></ol>"
        f'<p><a href="https://exemple.fr/page" {LINK_REL}>site</a> '
        f'<a href="mailto:a@exemple.fr" {LINK_REL}>mail</a></p>'
    )


def test_sanitize_renames_what_word_processors_and_the_editor_use():
    assert sanitize("<h1>Titre</h1><div>Un <b>gras</b> et <i>penché</i></div><h6>Bas</h6>") == (
        "<h3>Titre</h3><p>Un <strong>gras</strong> et <em>penché</em></p><h4>Bas</h4>"
    )


def test_sanitize_drops_empty_blocks_and_trailing_breaks():
    assert sanitize("<p>Texte<br></p><p><br></p><p>&nbsp;</p><li></li>") == "<p>Texte</p>"
    assert sanitize("<p><br></p>") == ""
    assert sanitize("<p>\u200b</p>") == ""
    assert sanitize(None) == ""


def test_inline_tags_in_typed_text_keep_its_paragraphs():
    assert sanitize("Un mot en <b>gras</b>\nsuite\n\nDeuxième") == (
        "<p>Un mot en <strong>gras</strong><br>suite</p>\n\n<p>Deuxième</p>"
    )


def test_plain_text_becomes_paragraphs_and_links_and_nothing_is_lost():
    typed = (
        "Première ligne\nDeuxième ligne, à < 10 km & plus.\n\n"
        "Écrire à contact@exemple.fr ou voir https://exemple.fr/agenda."
    )
    page = Page(sanitize(typed))
    assert [p.get_text() for p in page.select("p")] == [
        "Première ligneDeuxième ligne, à < 10 km & plus.",
        "Écrire à contact@exemple.fr ou voir https://exemple.fr/agenda.",
    ]
    assert len(page.select("p:first-child br")) == 1
    assert page.hrefs() == ["mailto:contact@exemple.fr", "https://exemple.fr/agenda"]


@pytest.mark.parametrize(
    "value",
    [
        "Texte\n\nsimple https://exemple.fr",
        "<p>a < b</p><script>x</script>",
        "<h1>T</h1><div><b>g</b></div>",
        "a &amp; b",
        "<p>Ligne<br><br></p>",
    ],
)
def test_sanitize_is_stable(value):
    once = sanitize(value)
    assert sanitize(once) == once


def test_visible_text_counts_what_a_reader_sees():
    assert visible_text("<p>Un <strong>mot</strong> &amp; un\n autre</p>") == "Un mot & un autre"


# --- older texts: Markdown that showed literally ---------------------------------------------


def test_markdown_of_older_texts_becomes_formatting():
    html = sanitize(
        from_markdown(
            "# Notre histoire\nNée en **2016** d'un *forum*, voir [le site](https://exemple.fr)."
            "\n\n- visites\n- appels\n\n1. écouter\n2. agir\n\n> Une phrase citée"
        )
    )
    page = Page(html)
    assert page.texts("h3") == ["Notre histoire"]
    assert page.texts("strong") == ["2016"]
    assert page.texts("em") == ["forum"]
    assert page.hrefs() == ["https://exemple.fr"]
    assert page.texts("ul li") == ["visites", "appels"]
    assert page.texts("ol li") == ["écouter", "agir"]
    assert page.texts("blockquote") == ["Une phrase citée"]
    assert "*" not in page.soup.get_text() and "#" not in page.soup.get_text()


def test_a_year_opening_a_line_is_not_a_numbered_list():
    assert sanitize(from_markdown("2015. Une année de rencontres")) == (
        "<p>2015. Une année de rencontres</p>"
    )


def test_legacy_html_is_cleaned_and_legacy_text_converted():
    assert legacy_to_html("<p>Déjà du HTML *étoile*</p><script>x</script>") == (
        "<p>Déjà du HTML *étoile*</p>"
    )
    assert legacy_to_html("Un **point**") == "<p>Un <strong>point</strong></p>"
    assert legacy_to_html("") == ""


def test_the_data_migration_rewrites_stored_texts(db):
    cooperation = CooperationFactory()
    news = NewsItemFactory(cooperation=cooperation)
    # As they were stored before the rich-text field: straight into the table.
    Cooperation.objects.filter(pk=cooperation.pk).update(
        birth_story="Née en **2016**.\n\n- un\n- deux",
        strategy='<p onclick="x()">Agir</p>',
        working_description="",
    )
    NewsItem.objects.filter(pk=news.pk).update(body="Texte simple")
    migrate_rich_texts(Cooperation, "birth_story", "working_description", "strategy")
    migrate_rich_texts(NewsItem, "body")
    cooperation.refresh_from_db()
    news.refresh_from_db()
    assert cooperation.birth_story == (
        "<p>Née en <strong>2016</strong>.</p><ul><li>un</li><li>deux</li></ul>"
    )
    assert cooperation.strategy == "<p>Agir</p>"
    assert cooperation.working_description == ""
    assert news.body == "<p>Texte simple</p>"


# --- the model field: every path stores clean HTML -------------------------------------------


def test_the_model_field_sanitises_on_save(db):
    item = NewsItemFactory(body='<p onclick="x()">Texte</p><script>alert(1)</script>')
    assert item.body == "<p>Texte</p>"
    item.refresh_from_db()
    assert item.body == "<p>Texte</p>"
    item.body = "Sans balise\n\nDeux paragraphes"
    item.save(update_fields=["body"])
    item.refresh_from_db()
    assert item.body == "<p>Sans balise</p>\n\n<p>Deux paragraphes</p>"


def test_the_model_field_sanitises_bulk_creations(db):
    cooperation = CooperationFactory()
    NewsItem.objects.bulk_create(
        [
            NewsItem(
                cooperation=cooperation,
                title="A",
                body="<p>Ok</p><script>x</script>",
                published_on="2025-01-01",
            )
        ]
    )
    assert NewsItem.objects.get(title="A").body == "<p>Ok</p>"


# --- the form field --------------------------------------------------------------------------


def test_an_empty_editor_is_an_empty_required_field():
    field = RichTextFormField(required=True)
    with pytest.raises(ValidationError) as error:
        field.clean("<p><br></p>")
    assert error.value.messages == ["Ce champ est obligatoire."]


def test_the_length_limit_counts_text_not_markup():
    field = RichTextFormField(max_length=10, required=False)
    assert field.clean("<p><strong>0123456789</strong></p>") == (
        "<p><strong>0123456789</strong></p>"
    )
    with pytest.raises(ValidationError) as error:
        field.clean("<p>0123456789A</p>")
    assert error.value.messages == ["Ce texte compte 11 caractères : 10 au plus sont permis."]


# --- the template filter ---------------------------------------------------------------------


def render(source: str, **context) -> str:
    return Template("{% load richtext %}" + source).render(Context(context))


def test_the_filter_sanitises_again_and_is_not_escaped():
    html = render("{{ value|rich_text }}", value="<p>Un <em>mot</em></p><script>x()</script>")
    assert html == "<p>Un <em>mot</em></p>"


def test_the_filter_fits_headings_to_the_page_outline():
    value = "<h3>Titre</h3><h4>Sous-titre</h4><p>Texte</p>"
    assert Page(render("{{ value|rich_text }}", value=value)).headings() == ["Titre", "Sous-titre"]
    shifted = Page(render("{{ value|rich_text:4 }}", value=value))
    assert [(h.name, h.get_text()) for h in shifted.select("h4, h5")] == [
        ("h4", "Titre"),
        ("h5", "Sous-titre"),
    ]
    lifted = Page(render("{{ value|rich_text:2 }}", value=value))
    assert [h.name for h in lifted.select("h2, h3")] == ["h2", "h3"]


def test_the_filter_of_an_empty_value_is_empty():
    assert render("{{ value|rich_text }}", value=None) == ""


# --- the preview -----------------------------------------------------------------------------

PREVIEW = reverse("core:richtext_preview")


def test_the_preview_shows_the_text_as_published(client, db):
    client.force_login(UserFactory())
    response = client.post(PREVIEW, {"text": "<h3>Titre</h3><p><b>Gras</b></p><script>x</script>"})
    page = Page(response)
    assert [(h.name, h.get_text()) for h in page.select("h2")] == [("h2", "Titre")]
    assert page.texts("strong") == ["Gras"]
    assert page.select("script") == []


def test_the_preview_of_an_empty_text_says_so(client, db):
    client.force_login(UserFactory())
    page = Page(client.post(PREVIEW, {"text": "<p><br></p>"}))
    assert page.texts("p") == ["Le texte est vide : rien ne sera affiché sur la page publique."]


def test_the_preview_needs_a_signed_in_person_and_a_post(client, db):
    response = client.post(PREVIEW, {"text": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(UserFactory())
    assert client.get(PREVIEW).status_code == 405


def test_the_preview_refuses_a_post_without_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    assert client.post(PREVIEW, {"text": "x"}).status_code == 403


def test_the_admin_stores_clean_html_too(client, db):
    item = NewsItemFactory(body="<p>Avant</p>")
    staff = UserFactory(staff=True, is_superuser=True)
    client.force_login(staff)
    change_url = reverse("admin:cooperations_newsitem_change", args=[item.pk])
    page = Page(client.get(change_url))
    assert page.one("textarea[name=body]").get_text().strip() == "<p>Avant</p>"
    data = {
        "cooperation": item.cooperation_id,
        "title": item.title,
        "body": 'Tapé dans l\'admin <img src=x onerror="alert(1)">\n\nhttps://exemple.fr',
        "published_on": "2025-02-03",
        "created_by": staff.pk,
    }
    response = client.post(change_url, data)
    assert response.status_code == 302, Page(response).texts(".errorlist li")
    item.refresh_from_db()
    assert item.body == "<p>Tapé dans l'admin </p>\n\n<p>https://exemple.fr</p>"
