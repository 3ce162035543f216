"""What a shared cache or a shared computer may keep of a signed-in user's pages and downloads."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_a_signed_in_users_pages_are_stored_by_no_cache(whole_world):
    staff = whole_world.clients["staff_x"]
    for url in (
        reverse("dashboard"),
        whole_world.x.held.get_absolute_url(),
        reverse("sessions_app:annex_download", args=[whole_world.x.held.pk, whole_world.x.annex.pk]),
    ):
        response = staff.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= _directives(response), url


def test_public_pages_are_left_as_they_are(whole_world):
    response = whole_world.clients["anonymous"].get(reverse("privacy"))
    assert response.status_code == 200 and "no-store" not in _directives(response)


@pytest.mark.parametrize("kind", ["draft", "published"])
def test_a_pdf_is_private_and_revalidated_on_every_use_and_an_unchanged_one_is_a_304(whole_world, kind):
    """No shared cache keeps it; the browser asks each time (so a logged-out user is refused), and gets a 304."""
    staff = whole_world.clients["staff_x"]
    if kind == "draft":
        url = reverse("sessions_app:document", args=[whole_world.x.upcoming.pk, "orden-del-dia"])
    else:
        document = whole_world.x.published["minutes"]
        url = reverse("sessions_app:published_document", args=[whole_world.x.held.pk, document.pk])
    first = staff.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert _directives(first) == {"private", "no-cache"}
    again = staff.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and _directives(again) == {"private", "no-cache"}
