"""The seat form's directory search: another state's institution is found by three letters, chosen and saved."""

import pytest

from council.models import Seat
from members.models import State
from tests.browser.conftest import assert_accessible
from tests.council.factories import CouncilFactory, SeatFactory
from tests.members.factories import InstitutionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_three_letters_finds_another_states_institution_and_the_seat_is_saved(live_server, page, login):
    council = CouncilFactory(name="Consejo Estatal", short_name="CE")
    SeatFactory(council=council, institution__name="Secretaría de Salud")
    council.staff.add(UserFactory(username="secretaria"))
    faraway = InstitutionFactory(name="Fiscalía de Jalisco", short_name="FJ", state=State.JALISCO)
    login("secretaria")
    page.goto(f"{live_server.url}/consejos/{council.pk}/lugares/nuevo/")
    select = page.locator("select[name=institution]")
    assert "Fiscalía de Jalisco" not in select.inner_text()  # not the council's: only found by searching
    search = page.locator("select[name=institution] + .directory-picker input[type=search]")
    search.fill("Fis")
    found = page.get_by_role("button", name=faraway.label_with_place())
    found.wait_for()
    assert "Jalisco" in found.inner_text()
    assert_accessible(page, context="seat form with search results")
    found.click()
    assert select.input_value() == str(faraway.pk)
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    assert Seat.objects.filter(council=council, institution=faraway).exists()
