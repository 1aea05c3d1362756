"""Load the 98 municipalities and 5 regions shipped in fleksjob/reference/data/kommuner.csv."""

from django.db import migrations


def load(apps, schema_editor):
    from fleksjob.reference import municipalities

    Region = apps.get_model("municipalities", "Region")
    Municipality = apps.get_model("municipalities", "Municipality")
    regions = {}
    for ref in municipalities():
        regions.setdefault(ref.region_code, ref.region)
    Region.objects.bulk_create([Region(code=c, name=n) for c, n in sorted(regions.items())])
    Municipality.objects.bulk_create(
        [
            Municipality(
                code=ref.code, name=ref.name, alt_name=ref.alt_name, region_id=ref.region_code,
                population=ref.population, lat=ref.lat, lon=ref.lon,
            )
            for ref in municipalities()
        ]
    )


def unload(apps, schema_editor):
    apps.get_model("municipalities", "Municipality").objects.all().delete()
    apps.get_model("municipalities", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
