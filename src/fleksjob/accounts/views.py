"""Login in two steps when the user has a second factor, and the account's security page.

The password step does not log in a user who has a confirmed device: it only remembers, in the
session, who gave the right password (for a few minutes). The login happens when the code is
verified, so until then the user has no access to any page or to the API's session auth, and
django-axes' count of failures is not reset by the password alone.
"""

from __future__ import annotations

import time

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout, user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticToken

from fleksjob.accounts import access, actions
from fleksjob.accounts.forms import CodeForm
from fleksjob.accounts.models import User
from fleksjob.accounts.permissions import manager_required
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.ui.paging import paginate

PENDING = "fleksjob_2fa_pending"


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Citizens and employers log in with MitID where a provider is configured
        # (fleksjob.selfservice).
        providers = getattr(settings, "FLEKSJOB_OIDC", {})
        return {
            **super().get_context_data(**kwargs),
            "citizen_login": bool(providers.get("citizen")),
            "employer_login": bool(providers.get("employer")),
            "staff_login": bool(providers.get("staff")),  # the municipality's login (oidc)
        }

    def form_valid(self, form):
        user = form.get_user()
        if not actions.has_two_factor(user):
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "since": time.time(),
            "failures": 0,
        }
        return redirect("login_code")


def _pending_user(request) -> tuple[dict, User] | None:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["since"] > settings.TWO_FACTOR_PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return (pending, user) if user is not None else None


@login_not_required
@never_cache
@sensitive_post_parameters("code")
def login_code(request):
    """Second login step: the code from the app (or a backup code)."""
    found = _pending_user(request)
    if found is None:
        request.session.pop(PENDING, None)
        messages.info(request, _("Log ind med brugernavn og adgangskode."))
        return redirect("login")
    pending, user = found
    credentials = {"username": user.username}
    if AxesProxyHandler.is_locked(request, credentials):
        request.session.pop(PENDING, None)
        return render(request, "registration/locked.html", status=429)

    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = actions.verify_second_factor(user, form.cleaned_data["code"])
        if device is not None:
            del request.session[PENDING]
            user.backend = pending["backend"]
            auth_login(request, user)  # also resets axes' failure count
            otp_login(request, device)
            record(user, Action.AUTH, device, detail="log ind med totrinskode")
            return redirect(pending["next"])
        pending["failures"] += 1
        record(user, Action.AUTH, detail="forkert totrinskode ved log ind")
        # Counts toward axes' lockout of this user name from this address, like a wrong password.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if pending["failures"] >= settings.TWO_FACTOR_MAX_FAILURES:
            del request.session[PENDING]
            messages.error(request, _("For mange forkerte koder. Log ind igen."))
            return redirect("login")
        request.session[PENDING] = pending
        form.add_error("code", _("Koden er forkert eller udløbet. Vent et øjeblik og prøv igen."))
    status = 400 if form.errors else 200
    return render(request, "registration/login_code.html", {"form": form}, status=status)


def _qr_svg(device) -> str:
    # segno renders locally to inline SVG: no request leaves the page, and CSP allows it.
    return mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4, border=2))  # noqa: S308


@never_cache
@sensitive_post_parameters("code")
def security(request):
    """The account's security page: enrol an authenticator app, see the state of 2FA."""
    user = request.user
    if actions.has_two_factor(user) and not actions.second_factor_verified(request):
        # A session from before the user enrolled (on another device): it may not re-enrol.
        logout(request)
        return redirect("login")
    if actions.has_two_factor(user):
        left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
        return render(
            request,
            "accounts/security.html",
            {"enrolled": True, "codes": None, "backup_left": left},
        )

    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = actions.confirm_enrolment(user, form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, actions.confirmed_totp_device(user))
            # Shown this once, in the response to the confirmation (never cached, never again).
            return render(request, "accounts/security.html", {"enrolled": True, "codes": codes})
        form.add_error("code", _("Koden er forkert. Tjek at uret på telefonen går rigtigt."))
    device = actions.pending_totp_device(user)
    context = {
        "enrolled": False,
        "form": form,
        "qr": _qr_svg(device),
        "secret": actions.base32_secret(device),
        "required": user.role in settings.REQUIRE_2FA_ROLES,
    }
    return render(request, "accounts/security.html", context, status=400 if form.errors else 200)


@manager_required
def access_changes(request):
    """Who got, changed or lost access to the municipality's data, by whom and when: managers
    see every change of a staff user's access that touches their municipality."""
    context = paginate(request, access.changes_for(request.user.municipality_id))
    context["rows"] = access.described(context["page_obj"])
    return render(request, "accounts/access_changes.html", context)
