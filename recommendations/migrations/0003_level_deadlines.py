"""The three review levels with their default deadline (10 days); administrators change them."""

from django.db import migrations

LEVELS = ["head_of_office", "provincial_smg", "kinshasa_smg"]


def create_levels(apps, schema_editor):
    LevelSetting = apps.get_model("recommendations", "LevelSetting")
    for level in LEVELS:
        LevelSetting.objects.get_or_create(level=level, defaults={"deadline_days": 10})


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0002_initial")]

    operations = [migrations.RunPython(create_levels, migrations.RunPython.noop)]
