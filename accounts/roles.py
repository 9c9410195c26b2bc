"""The portal's roles. The groups themselves are created by migration 0004_roles.

- **Editors** (with ``is_staff``) add, change and delete content in the admin: sources, tags,
  articles, glossary terms, courses, lessons, objectives, quizzes, questions and choices, and
  scenarios with their decision points, endings and choices (migration 0006_editors_scenarios).
  They do not see users, groups or trainees' records (enrollments, attempts, answers,
  certificates, scenario runs).
- **Trainees** have no admin permissions. Every new account joins them.
- **Staff report viewers** hold ``courses.view_staff_reports`` for the trainee progress reports.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.dispatch import receiver

EDITORS = "Editors"
TRAINEES = "Trainees"
STAFF_REPORT_VIEWERS = "Staff report viewers"


def add_to_trainees(user):
    """Put the user in the Trainees group (re-created if an admin has deleted it)."""
    trainees, _ = Group.objects.get_or_create(name=TRAINEES)
    user.groups.add(trainees)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="portal_new_user_is_trainee")
def new_users_are_trainees(sender, instance, created, raw=False, **kwargs):
    """Every account created, by sign-up, the admin or ``createsuperuser``, joins Trainees."""
    if created and not raw:
        add_to_trainees(instance)
