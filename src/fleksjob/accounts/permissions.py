"""View guards: which roles may use a page. Record-level scoping is in the querysets."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied


def municipal_role_required(view):
    """Only caseworkers, consultants and managers (with a municipality) reach municipal pages."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_municipal:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
