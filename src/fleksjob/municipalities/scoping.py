"""Scoping of personal data to the user's municipality (DESIGN.md: reads are scoped)."""

from __future__ import annotations

from django.db import models


class ScopedQuerySet(models.QuerySet):
    """Municipal records; ``municipality_path`` leads from a record to its municipality."""

    municipality_path = "municipality"

    def visible_to(self, user) -> models.QuerySet:
        """Records of the user's own municipality; nothing for roles without municipal data access.

        Admins and national analysts see no personal records unless also given a municipal role.
        """
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_municipal", False):
            return self.none()
        return self.filter(**{self.municipality_path: user.municipality_id})
