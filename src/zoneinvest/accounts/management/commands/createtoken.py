from django.core.management.base import BaseCommand, CommandError

from zoneinvest.accounts.selectors import user_by_username
from zoneinvest.accounts.services import token_create


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it once, alone on the last line."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=None, help="lifetime in days")
        parser.add_argument("--name", default="command line", help="what the token is for")
        parser.add_argument("--read-only", action="store_true", help="refuse writes")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        user = user_by_username(username=options["username"])
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        if options["days"] is not None and options["days"] < 1:
            raise CommandError("--days must be at least 1.")
        token, plain = token_create(
            user=user, name=options["name"], days=options["days"], read_only=options["read_only"]
        )
        self.stderr.write(
            f"Token {token.prefix}… for {user.username}, expires {token.expires_at:%Y-%m-%d}. "
            "It is shown once; store it now."
        )
        self.stdout.write(plain)
