# X-5 (issue 11, item 3): no lost updates. Every save moves the version on.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('placements', '0002_placement_ending'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalplacementrecords',
            name='edit_version',
            field=models.PositiveIntegerField(default=0, editable=False, help_text='Moved on by every save; an edit based on an older version is refused (X-5)', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='placementrecords',
            name='edit_version',
            field=models.PositiveIntegerField(default=0, editable=False, help_text='Moved on by every save; an edit based on an older version is refused (X-5)', verbose_name='version'),
        ),
    ]
