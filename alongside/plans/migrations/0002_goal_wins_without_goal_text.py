"""Take the goal's words out of the plain-text title of the Wins finished goals made.

Before this, finishing a goal copied its (encrypted) title into `recovery.Win.title`, a
plain column. The goal still links its Win (`Goal.win`), and pages show the goal's title
from the goal, so the Win only needs the generic title.
"""

from django.db import migrations

GOAL_WIN_TITLE = "Finished a goal"


def scrub(apps, schema_editor):
    Goal = apps.get_model("plans", "Goal")
    Win = apps.get_model("recovery", "Win")
    Win.objects.filter(pk__in=Goal.objects.filter(win__isnull=False).values("win_id")).update(
        title=GOAL_WIN_TITLE
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_goals_tasks_history"),
        ("recovery", "0001_recovery_events_and_wins"),
    ]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
