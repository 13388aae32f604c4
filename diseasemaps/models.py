"""Rate-limit counters kept in the database while the cache is down (community/limits.py), so that
a limit holds through a Redis outage. Rows live as long as their window and are swept as they go."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone


class RateCounterQuerySet(models.QuerySet):
    def count_up(self, key: str, cost: int, seconds: int) -> int:
        """Add `cost` to the counter `key`, which lives `seconds`; return the new count."""
        now = timezone.now()
        self.filter(expires_at__lt=now).delete()
        with transaction.atomic():
            if not self.filter(key=key).update(count=F("count") + cost):
                try:
                    with transaction.atomic():
                        self.create(key=key, count=cost, expires_at=now + timedelta(seconds=seconds))
                except IntegrityError:  # a concurrent request created it first
                    self.filter(key=key).update(count=F("count") + cost)
            return self.get(key=key).count


class RateCounter(models.Model):
    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    objects = RateCounterQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
