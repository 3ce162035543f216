"""Each e.firma signature says for whom it was made (presidency or technical secretariat): the order of signing."""

from django.db import migrations, models

ROLE = models.CharField(
    choices=[("presidency", "Presidencia"), ("secretariat", "Secretaría Técnica")],
    default="presidency",
    max_length=12,
    verbose_name="firma por",
)


def roles_from_institutions(apps, schema_editor):
    """A signature made so far is the secretariat's when its signer answers for the council's secretariat only."""
    DocumentSignature = apps.get_model("sessions_app", "DocumentSignature")
    Historical = apps.get_model("sessions_app", "HistoricalDocumentSignature")
    Person = apps.get_model("members", "Person")
    for signature in DocumentSignature.objects.select_related("document__session__council"):
        council = signature.document.session.council
        person = Person.objects.filter(user_id=signature.signed_by_id).first()
        institution_id = person.institution_id if person else None
        if institution_id == council.secretariat_institution_id != council.presiding_institution_id:
            DocumentSignature.objects.filter(pk=signature.pk).update(role="secretariat")
            Historical.objects.filter(id=signature.pk).update(role="secretariat")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0011_oficio_counters_and_initials"),
        ("sessions_app", "0012_signature_fields_one_line"),
    ]

    operations = [
        migrations.AddField(model_name="documentsignature", name="role", field=ROLE, preserve_default=False),
        migrations.AddField(model_name="historicaldocumentsignature", name="role", field=ROLE, preserve_default=False),
        migrations.RunPython(roles_from_institutions, migrations.RunPython.noop),
    ]
