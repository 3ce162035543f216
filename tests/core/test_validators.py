"""One-line texts (names, titles, places) refuse line breaks and control characters, wherever they are entered."""

import pytest
from django.core.exceptions import ValidationError

from core.validators import validate_one_line
from council.services.councils import council_update
from members.services.directory import person_update
from sessions_app.services.sessions import session_update
from tests.members.factories import PersonFactory
from tests.sessions_app.factories import SessionFactory
from tests.surface import one_line_fields

MESSAGE = "Escriba este dato en una sola línea, sin saltos de línea ni caracteres de control."
BREAKS = ["CINL\nBcc: otro@example.com", "CINL\r\n", "CINL\r", "uno\u2028dos", "uno\u2029dos", "tab\tulado", "nulo\x00"]


@pytest.mark.parametrize("text", BREAKS)
def test_a_line_break_or_a_control_character_is_refused_in_spanish(text):
    with pytest.raises(ValidationError) as caught:
        validate_one_line(text)
    assert caught.value.messages == [MESSAGE] and caught.value.code == "not_one_line"


@pytest.mark.parametrize(
    "text", ["", "Consejo Estatal — «CINL» 2022", "Ñandú 🎉 中文", "Calle 5 de Mayo #12, Col. Centro"]
)
def test_one_line_of_any_script_is_accepted(text):
    validate_one_line(text)


def test_every_one_line_field_refuses_line_breaks():
    """A CharField added without the validator fails here by name."""
    fields = one_line_fields()
    assert len(fields) > 20
    missing = [
        f"{field.model._meta.label}.{field.name}" for field in fields if validate_one_line not in field.validators
    ]
    assert not missing, f"Add validators=[validate_one_line] to: {', '.join(missing)}"


@pytest.mark.django_db
def test_services_refuse_line_breaks_and_keep_what_was_there(world):
    """From any form, plain or model, a value with a line break reaches the service's full_clean and is refused."""
    with pytest.raises(ValidationError) as caught:
        council_update(council=world.council_x, data={"short_name": "CINL\nBcc: otro@example.com"})
    assert caught.value.message_dict["short_name"] == [MESSAGE]
    person = PersonFactory()
    with pytest.raises(ValidationError) as caught:
        person_update(person=person, data={"full_name": "Ana\r\nPérez"})
    assert caught.value.message_dict["full_name"] == [MESSAGE]
    session = SessionFactory(council=world.council_x)
    with pytest.raises(ValidationError) as caught:
        session_update(
            session=session, starts_at=session.starts_at, ends_at=session.ends_at, venue="Palacio\nde Gobierno"
        )
    assert caught.value.message_dict["venue"] == [MESSAGE]
    world.council_x.refresh_from_db()
    person.refresh_from_db()
    session.refresh_from_db()
    assert (world.council_x.short_name, person.full_name.count("\n"), session.venue.count("\n")) == ("X", 0, 0)
