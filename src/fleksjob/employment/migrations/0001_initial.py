"""Employment and HoursChange move here from placements without touching the data.

State only: the tables (placements_employment, placements_hourschange), their indexes and
constraints stay as placements 0001 created them; placements 0005 removes the models from its
own state after this migration added them here.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('citizens', '0004_cpr_unique_per_municipality'),
        ('employers', '0002_employer_cvr_unique_in_municipality'),
        # The tables exist (created by placements) before this app claims them.
        ('placements', '0004_open_stages_sorted'),
    ]

    state_operations = [
        migrations.CreateModel(
            name='Employment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('fleksjob', 'Fleksjob'), ('ordinary', 'Ordinært job')], max_length=10, verbose_name='type')),
                ('start', models.DateField(verbose_name='start')),
                ('end', models.DateField(blank=True, null=True, verbose_name='slut')),
                ('hourly_wage', models.DecimalField(decimal_places=2, max_digits=7, verbose_name='timeløn (kr.)')),
                ('old_scheme', models.BooleanField(default=False, verbose_name='gammel ordning (før 2013)')),
                ('approval', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='employments', to='citizens.approval')),
                ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='employments', to='citizens.citizen')),
                ('employer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='employments', to='employers.employer')),
                ('position', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='employments', to='employers.position')),
            ],
            options={
                'verbose_name': 'ansættelse',
                'verbose_name_plural': 'ansættelser',
                'db_table': 'placements_employment',
                'ordering': ['-start'],
            },
        ),
        migrations.CreateModel(
            name='HoursChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(verbose_name='fra')),
                ('hours_per_week', models.DecimalField(decimal_places=1, max_digits=4, verbose_name='timer pr. uge')),
                ('employment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='hours_history', to='employment.employment')),
            ],
            options={
                'verbose_name': 'timeændring',
                'verbose_name_plural': 'timehistorik',
                'db_table': 'placements_hourschange',
                'ordering': ['valid_from'],
            },
        ),
        migrations.AddIndex(
            model_name='employment',
            index=models.Index(fields=['citizen', 'start'], name='employment_citizen_start'),
        ),
        migrations.AddConstraint(
            model_name='employment',
            constraint=models.CheckConstraint(condition=models.Q(('end__isnull', True), ('end__gte', models.F('start')), _connector='OR'), name='employment_end_after_start'),
        ),
        migrations.AddConstraint(
            model_name='employment',
            constraint=models.CheckConstraint(condition=models.Q(('hourly_wage__gt', 0)), name='employment_wage_positive'),
        ),
        migrations.AddConstraint(
            model_name='employment',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['fleksjob', 'ordinary'])), name='employment_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='employment',
            constraint=models.CheckConstraint(condition=models.Q(('old_scheme', False), models.Q(('kind', 'fleksjob'), ('start__lt', '2013-01-01')), _connector='OR'), name='employment_old_scheme_before_2013'),
        ),
        migrations.AddConstraint(
            model_name='hourschange',
            constraint=models.UniqueConstraint(fields=('employment', 'valid_from'), name='hours_one_change_per_day'),
        ),
        migrations.AddConstraint(
            model_name='hourschange',
            constraint=models.CheckConstraint(condition=models.Q(('hours_per_week__gt', 0), ('hours_per_week__lte', 37)), name='hours_range'),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
    ]
