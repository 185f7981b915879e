from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zoneinvest.accounts.selectors import user_by_username
from zoneinvest.accounts.two_factor import totp_reset


class Command(BaseCommand):
    help = (
        "Remove USERNAME's authenticator app (a lost phone); they set up a new one at their next "
        "log-in. The reset is recorded in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = user_by_username(username=username)
        if user is None:
            raise CommandError(_("No user named %(name)s.") % {"name": repr(username)})
        if totp_reset(user=user, by=None):
            self.stdout.write(
                _(
                    "Two-factor log-in of %(name)s is reset: they set up a new authenticator app "
                    "at their next log-in."
                )
                % {"name": username}
            )
        else:
            self.stdout.write(
                _("%(name)s has no authenticator app; nothing was changed.") % {"name": username}
            )
