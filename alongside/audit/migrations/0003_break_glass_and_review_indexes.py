"""Break-glass grants, stored chain checks, the grant flag on audit rows and the audit review's
indexes.

The audit table only gains a nullable column (ALTER TABLE … ADD COLUMN on both databases) and
indexes (CREATE INDEX): nothing here rebuilds it, which on SQLite would silently drop the
append-only triggers of 0002. Building the indexes takes a few seconds per million rows and
holds writers back meanwhile, so apply this at a quiet moment on a large log.
"""

import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_access_event_append_only'),
    ]

    operations = [
        migrations.CreateModel(
            name='BreakGlassGrant',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('organization_id', models.BigIntegerField()),
                ('user_id', models.BigIntegerField()),
                ('user_email', models.CharField(max_length=254)),
                ('client_id', models.BigIntegerField(blank=True, null=True)),
                ('client_public_id', models.UUIDField(blank=True, null=True)),
                ('reason', models.CharField(choices=[('safety', "Imminent risk to the person's safety"), ('covering', 'Covering for an absent colleague'), ('client_request', 'The person asked me, in person'), ('other', 'Other (explain below)')], max_length=20)),
                ('explanation', models.TextField(max_length=1000)),
                ('started_at', models.DateTimeField()),
                ('ends_at', models.DateTimeField()),
                ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                ('reviewed_by_id', models.BigIntegerField(blank=True, null=True)),
                ('reviewed_by_email', models.CharField(blank=True, max_length=254)),
                ('finding', models.CharField(blank=True, choices=[('appropriate', 'Appropriate'), ('concern', 'Concern: to follow up')], max_length=20)),
                ('review_note', models.TextField(blank=True, max_length=2000)),
            ],
            options={
                'ordering': ['-started_at'],
                'indexes': [
                    models.Index(fields=['user_id', 'client_id', 'ends_at'], name='breakglass_in_force'),
                    models.Index(condition=models.Q(('reviewed_at__isnull', True)), fields=['organization_id', 'started_at'], name='breakglass_awaiting_review'),
                    models.Index(fields=['organization_id', 'started_at'], name='breakglass_org_time'),
                ],
                'constraints': [
                    models.CheckConstraint(condition=models.Q(('ends_at__gte', models.F('started_at'))), name='breakglass_window_order'),
                    models.CheckConstraint(condition=models.Q(models.Q(('finding', ''), ('reviewed_at__isnull', True)), models.Q(('reviewed_at__isnull', False), models.Q(('finding', ''), _negated=True)), _connector='OR'), name='breakglass_review_has_finding'),
                ],
            },
        ),
        migrations.CreateModel(
            name='ChainCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('chain', models.BigIntegerField()),
                ('checked_at', models.DateTimeField()),
                ('rows', models.BigIntegerField()),
                ('intact', models.BooleanField()),
                ('problem', models.CharField(blank=True, max_length=300)),
            ],
            options={
                'indexes': [models.Index(fields=['chain', 'checked_at'], name='audit_check_latest')],
            },
        ),
        migrations.AddField(
            model_name='accessevent',
            name='grant_public_id',
            field=models.UUIDField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name='accessevent',
            index=models.Index(fields=['chain', 'client_public_id', 'occurred_at'], name='audit_client_time'),
        ),
        migrations.AddIndex(
            model_name='accessevent',
            index=models.Index(fields=['chain', 'user_id', 'occurred_at'], name='audit_user_time'),
        ),
        migrations.AddIndex(
            model_name='accessevent',
            index=models.Index(fields=['chain', 'occurred_at'], name='audit_chain_time'),
        ),
        migrations.AddIndex(
            model_name='accessevent',
            index=models.Index(condition=models.Q(('grant_public_id__isnull', False)), fields=['grant_public_id'], name='audit_grant'),
        ),
    ]
