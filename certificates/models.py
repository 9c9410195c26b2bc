"""A certificate: what a trainee earned by completing a course, checkable by its code."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from courses.models import Course

CERTIFICATE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_certificate_code():
    """Sixteen characters from an unambiguous alphabet (about 79 bits), grouped by four."""
    raw = "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


class Certificate(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("user")
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("course")
    )
    code = models.CharField(
        _("verification code"), max_length=19, unique=True, default=new_certificate_code
    )
    name = models.CharField(_("name on certificate"), max_length=120)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)

    class Meta:
        db_table = "courses_certificate"
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="certificate_once_per_course")
        ]

    def __str__(self):
        return f"{self.code} · {self.name} · {self.course}"

    def get_absolute_url(self):
        return reverse("certificates:certificate", kwargs={"code": self.code})

    def get_verification_url(self):
        return reverse("certificates:certificate_verify", kwargs={"code": self.code})
