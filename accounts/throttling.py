"""Login throttling: django-axes, with an account and an address each held to its own limit.

axes compares one failure count with one limit (AXES_FAILURE_LIMIT, the account's); an
office's computers may share one address, so the address gets a higher limit
(LOGIN_FAILURES_PER_ADDRESS) and counts as at the account's limit once past its own.
"""

import logging

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from lianluo.logs import security_event


class AccountAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        # One queryset per AXES_LOCKOUT_PARAMETERS entry: the username's, then the address's.
        by_account, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.LOGIN_FAILURES_PER_ADDRESS:
            return max(by_account, settings.AXES_FAILURE_LIMIT)
        return by_account

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None:
            return
        locked_out = getattr(request, "axes_locked_out", False)
        security_event(
            "login_locked_out" if locked_out else "login_failed",
            request,
            level=logging.WARNING if locked_out else logging.INFO,
            username=credentials.get("username"),
            failures=getattr(request, "axes_failures_since_start", None),
        )


def lockout_page(request, original_response=None, credentials=None):
    """The login page's answer to a locked-out account or address: what happened, and when
    to try again (the wait restarts with every attempt made during it)."""
    cool_off = get_cool_off(request)
    context = {
        "retry_at": timezone.localtime(timezone.now() + cool_off),
        "minutes": int(cool_off.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
