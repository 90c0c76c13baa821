"""The honeypot of public forms: hidden from people, refusing robots with a neutral message."""

from django import forms

from maillage.core.honeypot import HoneypotMixin
from tests.html import Page


class MessageForm(HoneypotMixin, forms.Form):
    message = forms.CharField(label="Votre message")


def test_the_honeypot_is_hidden_from_people_and_assistive_technologies():
    form = MessageForm()
    assert [field.name for field in form.visible_fields()] == ["message"]
    page = Page("".join(str(field) for field in form.hidden_fields()))
    field = page.field("Ne remplissez pas ce champ")
    assert (field["tabindex"], field["autocomplete"]) == ("-1", "off")
    wrapper = page.one("div")
    assert wrapper["aria-hidden"] == "true"
    assert wrapper["class"] == ["visually-hidden"]


def test_a_form_with_an_empty_honeypot_is_valid():
    assert MessageForm({"message": "Bonjour", "site_web": ""}).is_valid()


def test_a_filled_honeypot_refuses_the_form_with_a_neutral_message():
    form = MessageForm({"message": "Bonjour", "site_web": "https://spam.example"})
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "Votre envoi n'a pas pu être pris en compte. Rechargez la page et réessayez."
    ]


def test_the_honeypot_follows_the_form_prefix():
    form = MessageForm({"contact-message": "Bonjour", "contact-site_web": "x"}, prefix="contact")
    assert not form.is_valid()
