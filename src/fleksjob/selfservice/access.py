"""Who may use the citizen's pages, and whose records they show: only the logged-in citizen's
own (the account's link), never an id from the URL."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied

from fleksjob.accounts.models import Role
from fleksjob.selfservice.models import CitizenAccount, EmployerAccount


def citizen_required(view):
    """The view gets the citizen (``request.citizen``) of the logged-in citizen's account; any
    other role, and a citizen whose record was anonymised, get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if getattr(user, "role", None) != Role.CITIZEN:
            raise PermissionDenied
        account = (
            CitizenAccount.objects.select_related("citizen__municipality")
            .filter(user=user, citizen__anonymised_at__isnull=True)
            .first()
        )
        if account is None:
            raise PermissionDenied
        request.citizen = account.citizen
        return view(request, *args, **kwargs)

    return wrapper


def link_citizen(user, citizen) -> None:
    """Link a portal user to the citizen they are (the demo's citizen personas; the OpenID
    Connect login makes its own link)."""
    CitizenAccount.objects.update_or_create(user=user, defaults={"citizen": citizen})


def employer_required(view):
    """The view gets the company (``request.employer``) and the contact person
    (``request.contact_person``) of the logged-in employer's account; any other role gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(request.user, "role", None) != Role.EMPLOYER:
            raise PermissionDenied
        account = (
            EmployerAccount.objects.select_related("contact_person__employer__municipality")
            .filter(user=request.user)
            .first()
        )
        if account is None:
            raise PermissionDenied
        request.employer = account.contact_person.employer
        request.contact_person = account.contact_person
        return view(request, *args, **kwargs)

    return wrapper


def link_contact_person(user, contact_person) -> None:
    """Link a portal user to the employer's contact person they are (the demo's persona)."""
    EmployerAccount.objects.update_or_create(user=user, defaults={"contact_person": contact_person})
