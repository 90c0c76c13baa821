"""Staff find each of their tools once in "Mon espace", under « Équipe nationale »."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.html import Page

pytestmark = pytest.mark.django_db


def test_staff_see_the_charter_signatures_link_once_among_their_tools(client):
    client.force_login(UserFactory(staff=True))
    page = Page(client.get(reverse("accounts:space")))

    signatures = reverse("organisations:backoffice_signatures")
    assert page.hrefs().count(signatures) == 1
    tools = page.heading("Équipe nationale").find_parent("section")
    tool_links = [link["href"] for link in tools.find_all("a")]
    assert signatures in tool_links
    assert tool_links[-1] == reverse("admin:index")
    roles = page.heading("Mes rôles").find_parent("section")
    assert roles.find("a", href=signatures) is None
