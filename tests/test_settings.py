from pathlib import Path

import pytest

from graf.errors import GrafError, UnknownNameError
from graf.settings import SETTINGS, Settings, markdown_table

README = Path(__file__).parent.parent / "README.md"


def test_defaults():
    settings = Settings.from_env(environ={})
    assert settings.host == "127.0.0.1" and settings.port == 8000
    assert settings.query_time_limit_s == 5 and settings.max_rows == 10000
    assert settings.allow_service is False and settings.store_dir is None and settings.data == ()


def test_environment_then_overrides():
    env = {"GRAF_MAX_ROWS": "7", "GRAF_ALLOW_SERVICE": "yes", "GRAF_CORS_ORIGINS": "http://a, http://b",
           "GRAF_QUERY_TIME_LIMIT_S": "1.5"}
    settings = Settings.from_env({"max_rows": 3, "port": None}, environ=env)
    assert settings.max_rows == 3 and settings.port == 8000
    assert settings.allow_service is True
    assert settings.cors_origins == ("http://a", "http://b")
    assert settings.query_time_limit_s == 1.5


def test_bad_environment_value_names_the_variable():
    with pytest.raises(GrafError, match="GRAF_PORT"):
        Settings.from_env(environ={"GRAF_PORT": "eighty"})


def test_unknown_override_is_refused():
    with pytest.raises(UnknownNameError, match="max_rows"):
        Settings.from_env({"max_row": 1}, environ={})


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        Settings().port = 1  # type: ignore[misc]


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented_in_the_readme(setting):
    text = README.read_text(encoding="utf-8")
    assert f"`{setting.name}`" in text and f"`{setting.env}`" in text


def test_the_readme_settings_table_is_the_settings_table():
    # regenerate with: python -c "from graf.settings import markdown_table; print(markdown_table())"
    assert markdown_table() in README.read_text(encoding="utf-8")


def test_the_update_password_stays_out_of_repr():
    assert "update_auth" not in repr(Settings(update_auth="dba:secret"))


@pytest.mark.parametrize(("name", "value"), [("max_rows", 0), ("max_rows", -1), ("query_time_limit_s", 0),
                                             ("query_time_limit_s", -2.5), ("max_request_bytes", 0),
                                             ("workers", 0), ("workers", 65), ("max_witness_nodes", 1)])
def test_limits_that_cannot_work_are_refused_with_the_setting_named(name, value):
    with pytest.raises(GrafError, match=name):
        Settings.from_env({name: value}, environ={})
