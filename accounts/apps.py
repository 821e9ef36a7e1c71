import axes.apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True  # two configs live here: this one is the accounts app's
    name = "accounts"
    verbose_name = _("Users and roles")


class LoginThrottlingConfig(axes.apps.AppConfig):
    """django-axes under a name the office's admin reads (INSTALLED_APPS names this)."""

    default = False
    verbose_name = _("Login throttling")
