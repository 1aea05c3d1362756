"""Helpers shared by the resource modules: paging, form validation and the audit channel."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django import forms

from fleksjob.api.errors import REASONS, ApiError
from fleksjob.audit.log import via

# Every list that can grow is paged: ?page=N (50 a page), answering {"items": [...], "count"}.
PAGE = {"page_size": 50, "max_page_size": 500}


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
