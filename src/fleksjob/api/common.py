"""Helpers shared by the resource modules: paging, form validation and the audit channel."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django import forms
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination, paginate

from fleksjob.api.errors import REASONS, ApiError
from fleksjob.audit.log import via
from fleksjob.core import bounds


class Pages(PageNumberPagination):
    """?page=N (and ?page_size=S, at most 500), both bounded: a page number beyond the bound is
    a 422 naming ``page``, not an offset the database cannot hold."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=bounds.PAGE_MAX)
        page_size: int | None = Field(None, ge=1, le=bounds.PAGE_SIZE_MAX)


# Every list that can grow is paged (50 a page), answering {"items": [...], "count"}.
paged = paginate(Pages, page_size=50, max_page_size=bounds.PAGE_SIZE_MAX)


def cleaned(form: forms.Form, rename: Callable[[str], str] = str) -> dict:
    """The form's cleaned data (the UI's own validation), or 422 naming each field and reason."""
    if form.is_valid():
        return form.cleaned_data
    found = [
        {"field": None if name == "__all__" else rename(name), "reason": error["message"]}
        for name, errs in form.errors.get_json_data().items()
        for error in errs
    ]
    raise ApiError(422, REASONS[422], found)


def api_channel(view: Callable) -> Callable:
    """Audit events written by the write functions this view calls are logged as "api"."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with via("api"):
            return view(*args, **kwargs)

    return wrapper
