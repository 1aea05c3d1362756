from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def site(request: HttpRequest) -> dict[str, object]:
    return {"demo_mode": settings.DEMO, "main_menu": main_menu(request)}


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    current: bool = False


# (label, URL name, who sees it). The header renders this list twice: the desktop menu and the
# mobile drawer (DKFDS's navigation-menu and navigation-menu-mobile), so the two never differ.
_MUNICIPAL, _NOT_CONSULTANT, _MANAGER, _EVERYONE, _STAFF, _CITIZEN, _EMPLOYER, _POOLS = range(8)
_ITEMS = (
    (_("Mit fleksjob"), "selfservice:home", _CITIZEN),
    (_("Jeres stillinger"), "selfservice:employer_home", _EMPLOYER),
    (_("Forside"), "home", _EVERYONE),
    (_("Borgere"), "citizens:list", _MUNICIPAL),
    (_("Virksomheder"), "employers:list", _MUNICIPAL),
    (_("Opsøgning"), "employers:outreach", _MUNICIPAL),
    (_("Match-forslag"), "placements:list", _MUNICIPAL),
    (_("Aktive tilbud"), "offers:list", _MUNICIPAL),
    (_("Import"), "exchange:import", _MUNICIPAL),
    (_("Overflytning"), "transfers:list", _NOT_CONSULTANT),
    (_("Puljer"), "pools:list", _POOLS),
    (_("Adgangsændringer"), "accounts:access_changes", _MANAGER),
    (_("Baggrundsjob"), "jobs:list", _MANAGER),
    (_("Benchmarking"), "benchmarking:overview", _EVERYONE),
    (_("Beregner"), "economics:calculator", _EVERYONE),
    (_("Scenarier"), "economics:scenarios", _MANAGER),
    (_("Administration"), "admin:index", _STAFF),
)


def _sees(user, audience: int) -> bool:
    municipal = bool(getattr(user, "is_municipal", False))
    role = getattr(user, "role", None)
    return {
        _EVERYONE: not getattr(user, "is_portal", False),  # every staff role
        _CITIZEN: role == "citizen",
        _EMPLOYER: role == "employer",
        _MUNICIPAL: municipal,
        _NOT_CONSULTANT: municipal and role != "consultant",
        _MANAGER: municipal and role == "manager",
        _STAFF: bool(user.is_staff),
        # The fleksjob pools: the municipality's staff and its visitation unit (docs/pools.md).
        _POOLS: municipal or bool(getattr(user, "is_visitation", False)),
    }[audience]


def main_menu(request: HttpRequest) -> list[MenuItem]:
    """The main menu for the signed-in user; the item whose URL is the longest prefix of the
    current path is current (so /virksomheder/opsoegning/ marks Opsøgning, not Virksomheder)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = [(label, reverse(name)) for label, name, who in _ITEMS if _sees(user, who)]
    path = request.path
    matches = [url for _label, url in items if path == url or (url != "/" and path.startswith(url))]
    current = max(matches, key=len, default=None)
    return [MenuItem(str(label), url, url == current) for label, url in items]
