"""A nota is issued by an issuing unit, not an institution: each existing nota by its institution's first unit."""

import django.db.models.deletion
from django.db import migrations, models


def issuer_to_unit(apps, schema_editor):
    IssuingUnit = apps.get_model("members", "IssuingUnit")
    first_unit = {}
    for unit in IssuingUnit.objects.order_by("-pk"):
        first_unit[unit.institution_id] = unit.pk  # the lowest pk wins
    for name in ("InformativeNote", "HistoricalInformativeNote"):
        model = apps.get_model("sessions_app", name)
        for institution_id, unit_id in first_unit.items():
            model.objects.filter(issuer_id=institution_id).update(issuing_unit_id=unit_id)


def unit_to_issuer(apps, schema_editor):
    IssuingUnit = apps.get_model("members", "IssuingUnit")
    for name in ("InformativeNote", "HistoricalInformativeNote"):
        model = apps.get_model("sessions_app", name)
        for unit in IssuingUnit.objects.all():
            model.objects.filter(issuing_unit_id=unit.pk).update(issuer_id=unit.institution_id)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_issuing_units_from_letterheads"),
        ("sessions_app", "0004_one_line_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalinformativenote",
            name="issuing_unit",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="members.issuingunit",
                verbose_name="unidad emisora",
            ),
        ),
        migrations.AddField(
            model_name="informativenote",
            name="issuing_unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="informative_notes",
                to="members.issuingunit",
                verbose_name="unidad emisora",
            ),
        ),
        migrations.RunPython(issuer_to_unit, unit_to_issuer),
        migrations.RemoveField(model_name="historicalinformativenote", name="issuer"),
        migrations.RemoveField(model_name="informativenote", name="issuer"),
        migrations.AlterField(
            model_name="informativenote",
            name="issuing_unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="informative_notes",
                to="members.issuingunit",
                verbose_name="unidad emisora",
            ),
        ),
    ]
