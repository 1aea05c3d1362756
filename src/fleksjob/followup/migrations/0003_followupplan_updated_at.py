"""Last-saved moment of a follow-up plan: the version the API's ETag and the forms carry."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("followup", "0002_reminders")]

    operations = [
        migrations.AddField(
            model_name="followupplan",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
    ]
