"""Settings: defaults, NEWSDESK_* environment, overrides, and errors naming key, value and expectation."""

from __future__ import annotations

import dataclasses

import pytest

from newsdesk import __version__
from newsdesk.config import Settings, env_name, load_settings, settings_help
from newsdesk.errors import ConfigError


def test_defaults_work_out_of_the_box() -> None:
    settings = load_settings(environ={})
    assert settings == Settings()
    assert settings.max_page_bytes == 20 * 1024 * 1024
    assert settings.max_redirects == 5
    assert settings.allow_private is False
    assert settings.database_url == "sqlite:///newsdesk.db"
    assert settings.user_agent == f"newsdesk/{__version__} (+https://github.com/newsdesk/newsdesk)"


def test_every_setting_has_one_line_of_help() -> None:
    help = settings_help()
    assert list(help) == [f.name for f in dataclasses.fields(Settings)]
    assert all(text and "\n" not in text for text in help.values())


def test_environment_sets_values_and_overrides_win() -> None:
    env = {"NEWSDESK_FETCH_TIMEOUT": "7.5", "NEWSDESK_ALLOW_PRIVATE": "yes", "NEWSDESK_MAX_PAGE_BYTES": "2MB"}
    settings = load_settings(environ=env)
    assert (settings.fetch_timeout, settings.allow_private, settings.max_page_bytes) == (7.5, True, 2 * 1024 * 1024)
    overridden = load_settings(environ=env, allow_private=False, fetch_timeout=None)
    assert overridden.allow_private is False and overridden.fetch_timeout == 7.5


@pytest.mark.parametrize(
    ("key", "value", "expectation"),
    [
        ("NEWSDESK_FETCH_TIMEOUT", "ten", "Expected a number."),
        ("NEWSDESK_FETCH_TIMEOUT", "0", "Expected a number of seconds greater than 0."),
        ("NEWSDESK_MAX_REDIRECTS", "many", "Expected a whole number."),
        ("NEWSDESK_ALLOW_PRIVATE", "perhaps", "Expected one of: true, false"),
        ("NEWSDESK_MAX_PAGE_BYTES", "lots", "Expected a size in bytes"),
    ],
)
def test_bad_values_name_key_value_and_expectation(key: str, value: str, expectation: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(environ={key: value})
    assert str(info.value).startswith(f"{key} has value '{value}'. {expectation}")


def test_unknown_override_is_refused() -> None:
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_settings(environ={}, colour="blue")


def test_env_names_take_the_prefix() -> None:
    assert env_name("max_page_bytes") == "NEWSDESK_MAX_PAGE_BYTES"
