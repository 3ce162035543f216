"""The letterhead fields leave Institution: 0005 copied them into each institution's first issuing unit."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_issuing_units_from_letterheads"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalinstitution',
            name='city',
        ),
        migrations.RemoveField(
            model_name='historicalinstitution',
            name='footer_address',
        ),
        migrations.RemoveField(
            model_name='historicalinstitution',
            name='letterhead_units',
        ),
        migrations.RemoveField(
            model_name='historicalinstitution',
            name='logo',
        ),
        migrations.RemoveField(
            model_name='institution',
            name='city',
        ),
        migrations.RemoveField(
            model_name='institution',
            name='footer_address',
        ),
        migrations.RemoveField(
            model_name='institution',
            name='letterhead_units',
        ),
        migrations.RemoveField(
            model_name='institution',
            name='logo',
        ),
    ]
