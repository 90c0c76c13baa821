"""The parsed-page helper finds what a person sees, and fails loudly on what is absent."""

import pytest

from tests.html import Page

HTML = """<html><head><title>Essai — Maillage</title></head><body>
<nav aria-label="Menu principal"><a href="/">Accueil</a><a href="/carte/">La carte</a></nav>
<main><h1>Coopération  des
 Côtes-d'Armor</h1>
<div class="messages" role="status"><p class="message message-success">Enregistré.</p></div>
<div class="error-summary" role="alert"><ul>
<li><a href="#id_name">Nom : obligatoire</a></li></ul></div>
<form><label for="id_name">Nom *</label>
<input id="id_name" name="name" value="MONALISA 22"
 aria-describedby="id_name_helptext id_name_error">
<p id="id_name_helptext">Le nom affiché.</p><p id="id_name_error">Ce champ est obligatoire.</p>
<label for="id_kind">Type</label><select id="id_kind"><option value="">Choisir un type</option>
<option value="a" selected>Association</option></select>
<textarea id="id_text" aria-label="Texte">Bonjour</textarea>
<button type="submit">Enregistrer</button></form>
<dl><dt>Code INSEE</dt><dd>22278</dd><dt>Code
 postal</dt><dd>22000</dd><dt>Population</dt><dd>44\xa0372 <span>habitants</span></dd></dl>
<section><h2>Réseaux</h2><ul><li>Familles rurales</li></ul></section>
<table><thead><tr><th>Nom</th><th>Ville</th></tr></thead>
<tbody><tr><th>Alpha</th><td>Brest</td></tr><tr><th>Beta</th><td>Plérin</td></tr></tbody></table>
</main></body></html>"""


def test_headings_links_and_buttons_are_found_by_what_they_read():
    page = Page(HTML)
    assert page.title == "Essai — Maillage"
    assert page.h1 == "Coopération des Côtes-d'Armor"
    assert page.link("La carte")["href"] == "/carte/"
    assert page.button("Enregistrer").name == "button"
    assert page.buttons() == ["Enregistrer"]
    assert len(page.by_role("navigation", "Menu principal")) == 1


def test_fields_are_found_by_their_label_without_the_required_marker():
    page = Page(HTML)
    assert page.value("Nom") == "MONALISA 22"
    assert page.value("Type") == "a"
    assert page.options("Type") == ["Choisir un type", "Association"]
    assert page.described_by("Nom") == ["Le nom affiché.", "Ce champ est obligatoire."]
    assert page.field_errors("Nom") == ["Ce champ est obligatoire."]


def test_messages_errors_and_tables_read_as_lists():
    page = Page(HTML)
    assert page.messages() == ["Enregistré."]
    assert page.errors() == ["Nom : obligatoire"]
    assert page.table() == [["Alpha", "Brest"], ["Beta", "Plérin"]]
    # A non-breaking space is kept; inline pieces join as written.
    assert page.definitions() == {
        "Code INSEE": "22278",
        "Code postal": "22000",
        "Population": "44\xa0372 habitants",
    }
    assert page.has("main table") and not page.has("main iframe")
    assert page.section("Réseaux").texts("li") == ["Familles rurales"]
    assert page.within("nav").links() == page.links()[:2]


def test_what_is_absent_or_ambiguous_fails():
    page = Page(HTML)
    with pytest.raises(AssertionError):
        page.link("Mon espace")
    with pytest.raises(AssertionError):
        page.field("Adresse")
    with pytest.raises(AssertionError):
        page.one("a")
