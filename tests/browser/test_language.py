"""Journey 6: the interface switched to English and back."""

import pytest

from tests.browser.conftest import assert_accessible
from tests.council.factories import CouncilFactory
from tests.members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_interface_switches_to_english_and_back(live_server, page, login):
    council = CouncilFactory(name="Consejo Estatal de Prueba")
    staff = UserFactory(username="secretaria")
    council.staff.add(staff)
    login("secretaria")
    assert page.get_by_role("heading", name="Próximas sesiones").is_visible()
    assert_accessible(page, context="tablero en español")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Upcoming sessions").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page, context="dashboard in English")

    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Próximas sesiones").is_visible()
    assert page.locator("html").get_attribute("lang") == "es-mx"
