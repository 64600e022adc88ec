"""The PostgreSQL store of shared in-flight request slots (see integrations/request_slots.py;
on SQLite the same rows live in a side file, so this table stays empty there)."""

from django.db import models


class RequestSlot(models.Model):
    """One of an Intacct company's in-flight request slots; free when ``lease_id`` is empty or
    the lease has expired (its holder crashed)."""

    company = models.CharField(max_length=100, help_text="Intacct company ID, lower case.")
    slot = models.PositiveSmallIntegerField()
    lease_id = models.CharField(max_length=40, blank=True, default="")
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "slot"], name="one_row_per_request_slot")
        ]

    def __str__(self) -> str:
        return f"{self.company} #{self.slot}"
