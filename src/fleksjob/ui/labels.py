"""Labels that the core keeps in both languages (it cannot use Django's gettext)."""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import get_language


def _pick(da: str, en: str) -> str:
    return en if (get_language() or "da").startswith("en") else da


bilingual = lazy(_pick, str)
