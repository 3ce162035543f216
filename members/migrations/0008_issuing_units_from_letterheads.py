"""Every institution gets one issuing unit made of its letterhead as it is: nothing printed changes.

Unit lines, place (the old ``city``), the footer address (the one given for the foot, else the address on
record, as documents printed it) and the logo move to the unit; its history starts with this copy.
"""

from django.db import migrations
from django.utils import timezone


def letterheads_to_units(apps, schema_editor):
    Institution = apps.get_model("members", "Institution")
    IssuingUnit = apps.get_model("members", "IssuingUnit")
    HistoricalIssuingUnit = apps.get_model("members", "HistoricalIssuingUnit")
    now = timezone.now()
    for institution in Institution.objects.order_by("pk").iterator():
        if IssuingUnit.objects.filter(institution=institution).exists():
            continue
        address_lines = [line.strip() for line in institution.address.splitlines() if line.strip()]
        unit = IssuingUnit.objects.create(
            institution=institution,
            lines=institution.letterhead_units,
            place=institution.city,
            address=institution.footer_address.strip() or ", ".join(address_lines),
            logo=institution.logo.name if institution.logo else "",
        )
        HistoricalIssuingUnit.objects.create(
            id=unit.pk,
            institution_id=institution.pk,
            lines=unit.lines,
            place=unit.place,
            address=unit.address,
            logo=unit.logo.name if unit.logo else "",
            phone="",
            web="",
            oficio_pattern="",
            history_date=now,
            history_type="+",
            history_change_reason="Membrete de la institución",
        )


def units_to_letterheads(apps, schema_editor):
    Institution = apps.get_model("members", "Institution")
    IssuingUnit = apps.get_model("members", "IssuingUnit")
    for institution in Institution.objects.order_by("pk").iterator():
        unit = IssuingUnit.objects.filter(institution=institution).order_by("pk").first()
        if unit is not None:
            institution.letterhead_units = unit.lines
            institution.city = unit.place
            institution.footer_address = unit.address.replace("\n", ", ")[:255]
            institution.logo = unit.logo.name if unit.logo else ""
            institution.save(update_fields=["letterhead_units", "city", "footer_address", "logo"])
    IssuingUnit.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_issuing_units"),
    ]

    operations = [
        migrations.RunPython(letterheads_to_units, units_to_letterheads),
    ]
