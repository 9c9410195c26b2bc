from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from courses.models import Course


class PackDownload(models.Model):
    """The offline pack version a trainee last downloaded, so the course page can say when a
    newer one exists (``courses.offline``)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="pack_downloads", verbose_name=_("user")
    )
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="pack_downloads", verbose_name=_("course")
    )
    version = models.CharField(_("pack version"), max_length=20)
    downloaded_at = models.DateTimeField(_("downloaded"), default=timezone.now)

    class Meta:
        db_table = "courses_packdownload"
        verbose_name = _("offline pack download")
        verbose_name_plural = _("offline pack downloads")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="pack_download_once_per_course")
        ]

    def __str__(self):
        return f"{self.user} · {self.course} · {self.version}"
