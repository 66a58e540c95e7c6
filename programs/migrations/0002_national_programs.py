from django.db import migrations

from programs.defaults import catalogue_install_defaults


def install(apps, schema_editor):
    catalogue_install_defaults(
        apps.get_model("programs", "Program"), apps.get_model("programs", "BenefitComponent")
    )


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
