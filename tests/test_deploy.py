"""Production settings pass Django's deployment checks with no warnings."""

import os
import subprocess
import sys


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECURE_COOKIES", "SECURE_SSL_REDIRECT", "DJANGO_SETTINGS_MODULE"}
        and not k.startswith("DJANGO_ALLOW")
    }
    env |= {
        "SECRET_KEY": "k" + os.urandom(40).hex(),
        "ALLOWED_HOSTS": "invest.example.org",
        "DJANGO_SETTINGS_MODULE": "zoneinvest.settings",
        "ZONEINVEST_HOME": str(tmp_path),
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "zoneinvest", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env |= {"DJANGO_SETTINGS_MODULE": "zoneinvest.settings", "ZONEINVEST_HOME": str(tmp_path)}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "zoneinvest", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_passwords_are_hashed_with_argon2_in_production(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"FAST_PASSWORD_HASHER", "DEBUG"}}
    env |= {"SECRET_KEY": "x" * 60, "DJANGO_SETTINGS_MODULE": "zoneinvest.settings"}
    code = "from zoneinvest import settings; print(settings.PASSWORD_HASHERS[0])"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_commands_that_sign_nothing_run_without_a_key_in_production(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env |= {"DJANGO_SETTINGS_MODULE": "zoneinvest.settings", "ZONEINVEST_HOME": str(tmp_path)}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "zoneinvest", "makemigrations", "--check", "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
