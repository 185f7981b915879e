import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_calendarfeed'),
    ]

    operations = [
        migrations.CreateModel(
            name='TotpDevice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('secret', models.CharField(max_length=64, verbose_name='secret')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed')),
                ('last_used_step', models.BigIntegerField(blank=True, null=True, verbose_name='last used time step')),
                ('failed_attempts', models.PositiveSmallIntegerField(default=0, verbose_name='wrong codes in a row')),
                ('last_failed_at', models.DateTimeField(blank=True, null=True, verbose_name='last wrong code')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='totp_device', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'authenticator app',
                'verbose_name_plural': 'authenticator apps',
            },
        ),
    ]
