"""The one table of ``core``: creation forms already saved, so that sending one twice creates once."""

from django.db import models


class FormSubmission(models.Model):
    """A creation form's submission that was saved, and where it led (``core.submissions``).

    ``key`` is a hash of the form's one-time token, of who sent it, where, and what it said;
    a second submission with the same key creates nothing and is sent to ``url``.
    """

    key = models.CharField(max_length=64)
    url = models.CharField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # A parallel second submission waits on this index until the first commits, then fails to insert.
            models.UniqueConstraint(fields=["key"], name="core_formsubmission_unique_key"),
        ]

    def __str__(self):
        return f"{self.key[:12]}… → {self.url}"
