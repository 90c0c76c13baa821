"""The formatting toolbar in a real browser: an animator makes a word bold, pastes from a word
processor, looks at the preview and publishes; nobody types markup, nothing foreign survives."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from maillage.cooperations.models import NewsItem
from tests.browser.helpers import focused
from tests.html import Page

from .test_backoffice_browser import PHONE, assert_accessible, assert_fits, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What a word processor puts on the clipboard: styles, classes, spans, Office tags, a heading
# of its own level, a list drawn with a symbol font, and what an attacker would hide in it.
WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><style>p.MsoNormal { color: red; }</style></head><body><!--StartFragment-->
<p class="MsoNormal" style="margin:0cm;font-family:Calibri"><span lang="FR"
 style="font-size:12pt;color:#1F497D">Programme du <b style="mso-bidi-font-weight:normal">forum
 </b></span><o:p></o:p></p>
<h1 style="color:blue">Ateliers</h1>
<p class="MsoListParagraph" style="mso-list:l0 level1 lfo1"><span style="font-family:Symbol">
·<span style="font:7pt 'Times New Roman'">&nbsp;&nbsp;</span></span>Chant</p>
<p onclick="alert(1)"><a href="javascript:alert(2)">piège</a><img src="x" onerror="alert(3)"></p>
<!--EndFragment--></body></html>"""

PASTE = """([selector, html]) => {
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", "texte brut");
  const area = document.querySelector(selector);
  area.focus();
  const paste = {clipboardData: data, bubbles: true, cancelable: true};
  area.dispatchEvent(new ClipboardEvent("paste", paste));
}"""


@pytest.fixture
def news_page(new_page, live_server, backoffice_people, armor_cooperation):
    def open_page(**options):
        return new_page(
            reverse("cooperations:backoffice_news_add", args=[armor_cooperation.slug]),
            **signed_in(live_server, backoffice_people["animator"]),
            **options,
        )

    return open_page


def test_bold_paste_preview_and_publish(news_page, armor_cooperation):
    page = news_page()
    assert_accessible(page)
    editor = page.get_by_role("textbox", name="Texte")
    assert page.locator("#id_body").is_hidden()
    assert editor.get_attribute("aria-describedby") == "id_body_helptext"

    page.get_by_label("Titre").fill("Forum des bénévoles")
    editor.click()
    page.keyboard.type("Une rencontre réussie")
    page.keyboard.press("Control+Shift+ArrowLeft")
    bold = page.get_by_role("button", name="Gras")
    assert bold.get_attribute("aria-pressed") == "false"
    bold.click()
    assert bold.get_attribute("aria-pressed") == "true"
    assert editor.locator("b").inner_text() == "réussie"
    page.keyboard.press("End")
    page.keyboard.press("Enter")

    page.evaluate(PASTE, ["#id_body_editor", WORD_HTML])
    pasted = editor.inner_html()
    for foreign in ("style=", "class=", "<span", "o:p", "onclick", "<img", "javascript:"):
        assert foreign not in pasted, foreign
    # The hidden field follows the editor once Squire has handled the paste: wait for it.
    expect(page.locator("#id_body")).to_have_value(re.compile(r"<h3>Ateliers</h3>"))
    stored = page.locator("#id_body").input_value()
    assert "<strong>réussie</strong>" in stored
    assert "<h3>Ateliers</h3>" in stored

    page.get_by_role("button", name="Aperçu").click()
    preview = page.get_by_role("region", name="Aperçu : Texte")
    expect(preview.locator("strong", has_text="réussie")).to_be_visible()
    expect(preview.locator("h2", has_text="Ateliers")).to_be_visible()
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Publier l'actualité").click()
    item = NewsItem.objects.get(cooperation=armor_cooperation, title="Forum des bénévoles")
    body = Page(item.body)
    assert body.texts("strong") == ["réussie", "forum"]
    assert body.texts("h3") == ["Ateliers"]
    assert body.select("[style], [class], [onclick], img, span") == []
    assert [a.get("href") for a in body.select("a")] == [None] * len(body.select("a"))

    page.goto(armor_cooperation.get_absolute_url())
    article = page.locator(".news-item", has_text="Forum des bénévoles")
    assert article.locator(".rich-text strong", has_text="réussie").is_visible()
    assert article.locator(".rich-text h4", has_text="Ateliers").is_visible()
    assert "<" not in article.inner_text()
    assert_accessible(page)


def test_keyboard_shortcut_and_toolbar_on_a_phone(news_page):
    page = news_page(viewport=PHONE)
    assert_accessible(page)
    assert_fits(page)
    editor = page.get_by_role("textbox", name="Texte")
    editor.click()
    page.keyboard.press("Control+b")
    page.keyboard.type("important")
    assert page.locator("#id_body").input_value() == "<p><strong>important</strong></p>"
    assert page.get_by_role("button", name="Gras").get_attribute("aria-pressed") == "true"

    # The toolbar is one tab stop; the arrow keys move inside it.
    editor.focus()
    page.keyboard.press("Shift+Tab")
    assert focused(page)["text"] == "Gras"
    page.keyboard.press("ArrowRight")
    assert focused(page)["text"] == "Italique"
    page.keyboard.press("End")
    assert focused(page)["text"] == "Retirer le lien"

    page.get_by_role("button", name="Lien", exact=True).click()
    page.get_by_label("Adresse du lien").fill("javascript:alert(1)")
    page.get_by_role("button", name="Insérer le lien").click()
    assert page.get_by_text("Cette adresse n'est pas reconnue").is_visible()
    page.get_by_label("Adresse du lien").fill("www.monalisa-asso.fr")
    page.get_by_role("button", name="Insérer le lien").click()
    assert editor.locator("a").get_attribute("href") == "https://www.monalisa-asso.fr"
    assert_accessible(page)
    assert_fits(page)


def test_the_presentation_page_with_three_editors(
    new_page, live_server, backoffice_people, armor_cooperation
):
    armor_cooperation.strategy = "<h3>Priorités</h3><ul><li>Écouter</li></ul>"
    armor_cooperation.save()
    page = new_page(
        reverse("cooperations:backoffice_edit", args=[armor_cooperation.slug]),
        **signed_in(live_server, backoffice_people["animator"]),
    )
    assert page.get_by_role("toolbar").count() == 3
    strategy = page.get_by_role("textbox", name="Stratégie et programme d'actions")
    assert strategy.locator("h2").inner_text() == "Priorités"
    # The heading button says where the caret is.
    strategy.locator("h2").click()
    toolbar = page.get_by_role("toolbar", name="Mise en forme : Stratégie et programme d'actions")
    # Squire reports the caret's new place on its next event: wait for the button to follow.
    expect(toolbar.get_by_role("button", name="Intertitre")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer la présentation").click()
    armor_cooperation.refresh_from_db()
    assert armor_cooperation.strategy == "<h3>Priorités</h3><ul><li>Écouter</li></ul>"
