"""REST API v1 (django-ninja). Every route of personal data is scoped to the caller's
municipality: another municipality's record answers 404, exactly like a record that does not
exist; roles without municipal data access (admin, national analyst) get 403. Every error has the
one body of ``fleksjob.api.errors``."""

from __future__ import annotations

from ninja import NinjaAPI

from fleksjob import __version__
from fleksjob.api import errors
from fleksjob.api.auth import AUTH
from fleksjob.api.calc import router as calc_router
from fleksjob.api.citizens import router as citizens_router
from fleksjob.api.consent import router as consent_router
from fleksjob.api.decisions import router as decisions_router
from fleksjob.api.employers import router as employers_router
from fleksjob.api.followup import router as followup_router
from fleksjob.api.indicators import router as indicators_router
from fleksjob.api.messages import router as messages_router
from fleksjob.api.offers import router as offers_router
from fleksjob.api.ownership import router as ownership_router
from fleksjob.api.placements import router as placements_router
from fleksjob.api.pools import router as pools_router
from fleksjob.api.sharedplan import router as sharedplan_router
from fleksjob.api.submissions import router as submissions_router
from fleksjob.api.tasks import router as tasks_router
from fleksjob.api.transfers import router as transfers_router

api = NinjaAPI(
    title="fleksjob API",
    version=__version__,
    description=(
        "Casework, employers, matching, economics and benchmarking for fleksjob. "
        "Lists are paged (?page=N); updates need If-Match with the ETag of the last GET; "
        'every 4xx has the body {"detail": ..., "errors": [{"field", "reason"}]}.'
    ),
    auth=AUTH,
    urls_namespace="api-v1",
)
errors.install(api)
api.add_router("/calc", calc_router)
api.add_router("", citizens_router)
api.add_router("", followup_router)
api.add_router("", sharedplan_router)
api.add_router("", messages_router)
api.add_router("", consent_router)
api.add_router("", decisions_router)
api.add_router("", ownership_router)
api.add_router("", employers_router)
api.add_router("", placements_router)
api.add_router("", tasks_router)
api.add_router("", submissions_router)
api.add_router("", transfers_router)
api.add_router("", pools_router)
api.add_router("", offers_router)
api.add_router("/indicators", indicators_router)
