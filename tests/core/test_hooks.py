import pytest

from fleksjob.core.hooks import HookNotProvided, Hooks


def test_a_provided_hook_is_called_with_the_callers_arguments():
    hooks = Hooks("fleksjob.upper")
    hooks.provide("double", lambda n, *, times=2: n * times)
    assert hooks.call("double", 4) == 8
    assert hooks.call("double", 4, times=3) == 12


def test_a_hook_nobody_provided_names_the_app_to_install():
    hooks = Hooks("fleksjob.upper")
    with pytest.raises(HookNotProvided, match=r"fleksjob\.upper must be installed \(hook 'x'\)"):
        hooks.call("x")
