# X-5 (issue 11, item 3): no lost updates. A parent or carer carries a version too.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pupils', '0003_edit_version'),
    ]

    operations = [
        migrations.AddField(
            model_name='carer',
            name='edit_version',
            field=models.PositiveIntegerField(default=0, editable=False, help_text='Moved on by every save; an edit based on an older version is refused (X-5)', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='historicalcarer',
            name='edit_version',
            field=models.PositiveIntegerField(default=0, editable=False, help_text='Moved on by every save; an edit based on an older version is refused (X-5)', verbose_name='version'),
        ),
    ]
