"""Last-saved moment of employers and positions: the version the API's ETag and the forms
carry, and the matching index's key."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("employers", "0003_record_spec_constraints")]

    operations = [
        migrations.AddField(
            model_name="employer",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="position",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
    ]
