from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "fleksjob.placements"
    verbose_name = _("Match-forslag")

    def ready(self) -> None:
        # The citizens' and employers' pages (floors below) show matches through these hooks.
        from fleksjob.citizens import casepage as citizen_pages
        from fleksjob.employers import casepage as employer_pages
        from fleksjob.employers.queries import mark_namesakes
        from fleksjob.placements.matching import (
            candidates_for_position,
            recommendations_for,
            wished_sectors,
        )
        from fleksjob.placements.models import Placement
        from fleksjob.placements.outreach import reach_for
        from fleksjob.placements.prospects import retraining_context

        citizen_pages.from_placements.provide("recommendations", recommendations_for)
        citizen_pages.from_placements.provide("namesakes", mark_namesakes)
        citizen_pages.from_placements.provide("retraining", retraining_context)
        employer_pages.hooks.provide("candidates", candidates_for_position)
        employer_pages.hooks.provide("placements", Placement.objects.all)
        employer_pages.hooks.provide("wished_sectors", wished_sectors)
        employer_pages.hooks.provide("reach", reach_for)
