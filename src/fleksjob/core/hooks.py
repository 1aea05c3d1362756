"""Hooks between the floors (docs/floors.md): a package calls functions that an app on a floor
above provides, so it never imports upwards. The lower package owns a ``Hooks`` and calls
``hooks.call(name, ...)``; the upper app fills it in its ``AppConfig.ready`` with
``hooks.provide(name, function)``. Pure Python, so any floor can hold one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class HookNotProvided(LookupError):
    """Nobody provided the hook: the app that fills it is not installed (a set-up error)."""


class Hooks:
    def __init__(self, provider: str) -> None:
        self.provider = provider  # the package that fills these hooks, named in the error
        self._functions: dict[str, Callable[..., Any]] = {}

    def provide(self, name: str, function: Callable[..., Any]) -> None:
        """Register ``function`` under ``name`` (once, in the providing app's ready)."""
        self._functions[name] = function

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        try:
            function = self._functions[name]
        except KeyError:
            raise HookNotProvided(f"{self.provider} must be installed (hook {name!r})") from None
        return function(*args, **kwargs)
