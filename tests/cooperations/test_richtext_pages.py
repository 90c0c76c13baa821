"""Without JavaScript a rich-text field is a plain textarea: what an animator types there is
published as paragraphs, line breaks and links, through the real back-office forms."""

from django.urls import reverse

from maillage.cooperations.models import NewsItem
from tests.html import Page

from .test_backoffice_forms import edit_data, url, world  # noqa: F401 (fixture)

TYPED = (
    "Le forum a réuni cinquante bénévoles.\n"
    "Merci à toutes et à tous !\n\n"
    "Le programme est sur https://exemple.fr/forum ; écrivez à forum@exemple.fr."
)


def published_paragraphs(page: Page, css: str) -> list[str]:
    return [paragraph.get_text() for paragraph in page.select(f"{css} p")]


def test_plain_text_news_is_published_as_paragraphs_and_links(client, world):  # noqa: F811
    client.force_login(world.people["animator"])
    response = client.post(
        url("backoffice_news_add", world),
        {"title": "Forum des bénévoles", "body": TYPED, "published_on": "2025-03-01"},
        follow=True,
    )
    assert Page(response).messages() == ["L'actualité est publiée."]
    cooperation = world.armor.cooperation
    page = Page(client.get(cooperation.get_absolute_url()))
    article = page.heading("Forum des bénévoles").find_parent("article")
    body = Page(str(article.select_one(".rich-text")))
    assert published_paragraphs(body, "div") == [
        "Le forum a réuni cinquante bénévoles.Merci à toutes et à tous !",
        "Le programme est sur https://exemple.fr/forum ; écrivez à forum@exemple.fr.",
    ]
    assert len(body.select("p:first-child > br")) == 1
    assert body.hrefs() == ["https://exemple.fr/forum", "mailto:forum@exemple.fr"]
    assert NewsItem.objects.get(title="Forum des bénévoles").body.startswith("<p>Le forum")


def test_plain_text_presentation_keeps_its_paragraphs(client, world):  # noqa: F811
    client.force_login(world.people["animator"])
    client.post(url("backoffice_edit", world), edit_data(strategy=TYPED))
    page = Page(client.get(world.armor.cooperation.get_absolute_url()))
    strategy = Page(str(page.one("#strategie .rich-text")))
    assert len(published_paragraphs(strategy, "div")) == 2
    assert strategy.hrefs() == ["https://exemple.fr/forum", "mailto:forum@exemple.fr"]


def test_the_edit_form_shows_the_stored_text_for_the_editor(client, world):  # noqa: F811
    cooperation = world.armor.cooperation
    cooperation.strategy = "<p>Agir <strong>ensemble</strong></p>"
    cooperation.save()
    client.force_login(world.people["animator"])
    page = Page(client.get(url("backoffice_edit", world)))
    field = page.field("Stratégie et programme d'actions")
    assert field.get_text().strip() == "<p>Agir <strong>ensemble</strong></p>"
    assert field["data-preview-url"] == reverse("core:richtext_preview")
