"""The Chinese catalogue is complete, compiles, and the pages use it."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

PO = Path(__file__).resolve().parents[1] / "src/zoneinvest/locale/zh_Hans/LC_MESSAGES/django.po"


def test_every_message_has_a_chinese_translation():
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but gettext's msgfmt is not installed")
        pytest.skip("gettext's msgfmt is not installed")
    result = subprocess.run(  # noqa: S603
        [msgfmt, "--check-format", "--statistics", "-o", os.devnull, str(PO)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("english", "chinese"),
    [("Lead", "线索"), ("Negotiating", "在谈"), ("Operating", "已投产"), ("Log in", "登录")],
)
def test_the_trades_words_come_out_in_chinese(english, chinese):
    with translation.override("zh-hans"):
        assert translation.gettext(english) == chinese


def test_the_project_list_speaks_chinese(world, client_for):
    with translation.override("zh-hans"):
        url = reverse("office:project_list")
    page = client_for(world.officer).get(url).content.decode()
    for word in ("项目看板", "企业", "我的待办", "退出登录"):
        assert word in page
    for english in (">Pipeline board<", ">Companies<", ">Log out<"):
        assert english not in page
