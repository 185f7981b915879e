from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zoneinvest.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from zoneinvest.accounts.middleware import session_start_on_login

        # A session's idle clock and absolute end start at the log-in (accounts/middleware.py).
        user_logged_in.connect(session_start_on_login, dispatch_uid="accounts.session_start")
