"""Employment and HoursChange now belong to the employment app (employment 0001).

State only: the tables keep their names and rows, and the placement's foreign key keeps its
database constraint; only Django's idea of which app owns the models changes. The content types
follow, so admin log entries and permissions keep pointing at the same models.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("employment", "hourschange")


def _relabel(apps, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        # A type already created under the new label (e.g. by an earlier post-migrate) wins;
        # the stale one is then left for remove_stale_contenttypes.
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor) -> None:
    _relabel(apps, "placements", "employment")


def backwards(apps, schema_editor) -> None:
    _relabel(apps, "employment", "placements")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('employment', '0001_initial'),
        ('placements', '0005_placement_updated_at'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='placement',
                    name='employment',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='placement', to='employment.employment'),
                ),
                migrations.DeleteModel(
                    name='HoursChange',
                ),
                migrations.DeleteModel(
                    name='Employment',
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
