"""View guards: which roles may use a page. Record-level scoping is in the querysets."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied

from fleksjob.accounts.models import Role

# Who may bulk-import which records: caseworkers keep the citizens' cases, consultants the
# employers and their positions; managers may do both.
IMPORT_ROLES: dict[str, frozenset[str]] = {
    "citizens": frozenset({Role.CASEWORKER, Role.MANAGER}),
    "employers": frozenset({Role.CONSULTANT, Role.MANAGER}),
    "positions": frozenset({Role.CONSULTANT, Role.MANAGER}),
}
# Who may answer a citizen's access request (export of everything held about the citizen).
ACCESS_REQUEST_ROLES = frozenset({Role.CASEWORKER, Role.MANAGER})
# Who may record case decisions (visitation, pause, resumption, end, review; docs/decisions.md).
DECISION_ROLES = frozenset({Role.CASEWORKER, Role.MANAGER})
# Who may request a case from another municipality, and release or refuse one (kommuneskift).
TRANSFER_ROLES = frozenset({Role.CASEWORKER, Role.MANAGER})


def import_kinds(user) -> list[str]:
    """The record kinds the user may import (none for roles without municipal data access)."""
    if not getattr(user, "is_municipal", False):
        return []
    return [kind for kind, roles in IMPORT_ROLES.items() if user.role in roles]


def may_answer_access_requests(user) -> bool:
    return getattr(user, "is_municipal", False) and user.role in ACCESS_REQUEST_ROLES


def may_transfer_cases(user) -> bool:
    return getattr(user, "is_municipal", False) and user.role in TRANSFER_ROLES


def may_decide(user) -> bool:
    return getattr(user, "is_municipal", False) and user.role in DECISION_ROLES


def municipal_role_required(view):
    """Only caseworkers, consultants and managers (with a municipality) reach municipal pages."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_municipal:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def manager_required(view):
    """Only managers (with a municipality) reach their municipality's management pages."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_municipal and request.user.role == Role.MANAGER):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def decision_role_required(view):
    """Caseworkers and managers of a municipality record case decisions; others get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_decide(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# Active offers (docs/active-offers.md): the municipality's caseworkers, consultants and managers
# record, correct and end its citizens' offers; only managers set its consultant capacity.
def may_record_offers(user) -> bool:
    return getattr(user, "is_municipal", False)


def may_set_capacity(user) -> bool:
    return getattr(user, "is_municipal", False) and user.role == Role.MANAGER


# Fleksjob pools (docs/pools.md): the municipality's caseworkers, consultants and managers apply
# for a citizen and record the pool jobs; only the visitation unit decides who gets a place (those
# who apply never decide their own applications); managers set up the pools, their cap and places.
POOL_STAFF_ROLES = frozenset({Role.CASEWORKER, Role.CONSULTANT, Role.MANAGER})


def may_see_pools(user) -> bool:
    return getattr(user, "is_municipal", False) or getattr(user, "is_visitation", False)


def may_apply_to_pools(user) -> bool:
    return getattr(user, "is_municipal", False) and user.role in POOL_STAFF_ROLES


def may_decide_pool_applications(user) -> bool:
    return getattr(user, "is_visitation", False)


def may_manage_pools(user) -> bool:
    return getattr(user, "is_municipal", False) and user.role == Role.MANAGER


def may_place_in_pools(user) -> bool:
    """Record a pool job for a granted application, or end one."""
    return may_apply_to_pools(user) or may_decide_pool_applications(user)
