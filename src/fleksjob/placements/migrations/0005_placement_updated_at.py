"""Last-saved moment of a placement: the version the API's ETag and the forms carry."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("placements", "0004_open_stages_sorted")]

    operations = [
        migrations.AddField(
            model_name="placement",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
    ]
