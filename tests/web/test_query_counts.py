"""Pages run a bounded number of queries however many records they list."""

import pytest
from django.urls import reverse

from tests.factories import ApprovalFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [3, 30])
def test_caseload_queries_do_not_grow_with_cases(login, django_assert_max_num_queries, n):
    ApprovalFactory.create_batch(n)
    client = login("sagsbehandler.lejre")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("citizens:list")).status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_employer_list_and_consultant_home_are_bounded(login, django_assert_max_num_queries, n):
    PositionFactory.create_batch(n, employer__municipality_id="751")
    client = login("konsulent.aarhus")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("employers:list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("home")).status_code == 200


def test_caseworker_home_is_bounded(login, django_assert_max_num_queries):
    ApprovalFactory.create_batch(20)
    client = login("sagsbehandler.lejre")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("home")).status_code == 200


def test_admin_pages_render_for_the_admin_persona(login):
    client = login("admin")
    for url in [
        "/admin/",
        "/admin/accounts/user/",
        "/admin/audit/auditevent/",
        "/admin/municipalities/municipality/",
    ]:
        assert client.get(url).status_code == 200, url
