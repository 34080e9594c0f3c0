# The rights window moved to one abstract model: the help texts alone change (no SQL).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0019_photo_desk'),
    ]

    operations = [
        migrations.AlterField(
            model_name='image',
            name='available_from',
            field=models.DateTimeField(blank=True, help_text='Readers see it from this moment. Empty: at once.', null=True),
        ),
        migrations.AlterField(
            model_name='image',
            name='expires_at',
            field=models.DateTimeField(blank=True, help_text='When the licence ends; from then readers no longer see it (a video shows its expiry notice in its place).', null=True),
        ),
        migrations.AlterField(
            model_name='video',
            name='available_from',
            field=models.DateTimeField(blank=True, help_text='Readers see it from this moment. Empty: at once.', null=True),
        ),
        migrations.AlterField(
            model_name='video',
            name='expires_at',
            field=models.DateTimeField(blank=True, help_text='When the licence ends; from then readers no longer see it (a video shows its expiry notice in its place).', null=True),
        ),
    ]
