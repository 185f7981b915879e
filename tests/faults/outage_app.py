"""Run in a subprocess, in the app's environment, by test_database_restart.py: migrate the
private cluster's database and print (JSON) an officer's API token and session cookie."""

import json


def setup() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command

    from zoneinvest.accounts.models import Role
    from zoneinvest.accounts.services import token_create, user_create
    from zoneinvest.core.models import Zone

    call_command("migrate", verbosity=0, skip_checks=True)
    zone = Zone.objects.create(
        code="outage", name_en="Outage Zone", name_zh_hans="停机园区", parent_city_en="Chongqing"
    )
    user = user_create(
        username="outage-officer",
        password="outage-only-password",  # noqa: S106
        role=Role.OFFICER,
        zones=[zone],
    )
    _token, plain = token_create(user=user, name="outage", days=1)
    engine = __import__(settings.SESSION_ENGINE, fromlist=["SessionStore"])
    session = engine.SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    print(json.dumps({"token": plain, "cookie": cookie}))  # noqa: T201


if __name__ == "__main__":
    setup()
