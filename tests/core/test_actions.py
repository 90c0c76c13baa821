"""core.actions: a service's refusal reaches the person, in messages or on the form."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from maillage.core.actions import said_done, saved_on_form


def request(method="post", data=None):
    request = getattr(RequestFactory(), method)("/", data or {})
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def refuse():
    raise ValidationError(["Ce territoire est déjà dans le périmètre.", "Autre motif."])


class CodeForm(forms.Form):
    code = forms.CharField()


def test_said_done_says_the_success_or_each_refusal():
    done = request()
    assert said_done(done, lambda: None, done="Le territoire est retiré.") is True
    assert [(m.level_tag, str(m)) for m in get_messages(done)] == [
        ("success", "Le territoire est retiré.")
    ]
    refused = request()
    assert said_done(refused, refuse, done="Le territoire est retiré.") is False
    assert [(m.level_tag, str(m)) for m in get_messages(refused)] == [
        ("error", "Ce territoire est déjà dans le périmètre."),
        ("error", "Autre motif."),
    ]


def test_saved_on_form_runs_only_a_posted_valid_form_and_keeps_the_refusal_on_it():
    calls = []
    assert saved_on_form(request("get"), CodeForm(), lambda: calls.append(1)) is False
    assert saved_on_form(request(), CodeForm({}), lambda: calls.append(1)) is False
    assert calls == []
    assert saved_on_form(request(), CodeForm({"code": "22"}), lambda: calls.append(1)) is True
    assert calls == [1]
    form = CodeForm({"code": "22"})
    assert saved_on_form(request(), form, refuse, field="code") is False
    assert form.errors == {"code": ["Ce territoire est déjà dans le périmètre.", "Autre motif."]}
