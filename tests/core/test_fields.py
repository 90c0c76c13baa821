"""core.fields.link: the foreign keys of every app, written once."""

from django.db import models

from maillage.cooperations.models import Membership, NewsItem
from maillage.core.fields import link


def test_link_defaults_to_a_cascading_key_with_no_reverse_name():
    field = link("core.OutboundMail", "e-mail")
    *_, kwargs = field.deconstruct()
    assert kwargs == {
        "on_delete": models.CASCADE,
        "related_name": "+",
        "to": "core.outboundmail",
        "verbose_name": "e-mail",
    }


def test_an_optional_link_is_null_and_blank():
    field = link("core.OutboundMail", on_delete=models.SET_NULL, optional=True)
    assert (field.null, field.blank, field.remote_field.on_delete) == (
        True,
        True,
        models.SET_NULL,
    )


def test_models_keep_their_reverse_names_and_labels():
    membership = Membership._meta.get_field("cooperation")
    assert (membership.remote_field.related_name, membership.verbose_name) == (
        "memberships",
        "coopération",
    )
    created_by = NewsItem._meta.get_field("created_by")
    assert (created_by.null, created_by.blank) == (True, False)
