"""Backup and restore: the demo dumped with natural keys, the database emptied and loaded again, nothing lost.

The README's "Backup and restore" describes the production way (pg_dump and the
media storage); this round trip through ``dumpdata``/``loaddata`` proves the data
itself survives whole: every row of every model, and each published document
still matching the hash it was published with.
"""

import io
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from council.models import Council
from sessions_app.documents.builders import agenda_document
from sessions_app.documents.publishing import document_publish, published_pdf
from sessions_app.models import Document, Session

# Rows Django rebuilds by itself (content types, permissions) or that are not data (logins, lockouts, cache).
NOT_BACKED_UP = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


def _row_counts() -> Counter:
    return Counter(
        {
            model._meta.label: model._default_manager.count()
            for model in apps.get_models()
            if model._meta.app_label not in ("contenttypes", "sessions", "admin", "axes")
            and model._meta.label != "auth.Permission"
        }
    )


@pytest.mark.django_db(transaction=True)
def test_the_demo_survives_a_dump_and_a_restore_with_every_row_and_hash(settings, tmp_path):
    settings.DEMO = True
    call_command("load_demo", stdout=io.StringIO())
    session = Session.objects.filter(council__isnull=False).order_by("starts_at").first()
    published = document_publish(
        session=session,
        kind=Document.Kind.AGENDA,
        title="Orden del día",
        pdf=agenda_document(session).pdf,
        filename="orden_del_dia.pdf",
    )
    counts = _row_counts()
    hashes = {document.pk: document.sha256 for document in Document.objects.exclude(sha256="")}
    staff = {
        council.name: sorted(council.staff.values_list("username", flat=True)) for council in Council.objects.all()
    }
    assert counts["sessions_app.Session"] and counts["sessions_app.HistoricalSession"] and published.pk in hashes

    backup = tmp_path / "sesiones.json"
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        exclude=NOT_BACKED_UP,
        output=str(backup),
        stdout=io.StringIO(),
    )
    call_command("flush", interactive=False, stdout=io.StringIO())
    assert not Session.objects.exists() and not get_user_model().objects.exists()
    call_command("loaddata", str(backup), stdout=io.StringIO())

    assert _row_counts() == counts
    assert {document.pk: document.sha256 for document in Document.objects.exclude(sha256="")} == hashes
    for document in Document.objects.exclude(published_at=None):
        assert published_pdf(document)  # reads the stored file and checks it against its hash
    restored = {
        council.name: sorted(council.staff.values_list("username", flat=True)) for council in Council.objects.all()
    }
    assert restored == staff
