"""Settings use the sample app's names and explain every problem by variable name."""

from __future__ import annotations

import pytest

from backend.errors import ConfigurationError
from tests.conftest import settings_from


def test_defaults_match_the_sample_app() -> None:
    settings = settings_from({})

    assert settings.azure_openai.temperature == 0
    assert settings.azure_openai.max_tokens == 1000
    assert settings.azure_openai.stream is True
    assert settings.azure_openai.system_message.startswith("You are an AI assistant")
    assert settings.ui.title == "Contoso"
    assert settings.base.auth_enabled is True
    assert settings.base.ms_defender_enabled is True
    assert settings.azure_openai.configured is False


def test_stop_sequence_is_split_on_pipes() -> None:
    settings = settings_from({"AZURE_OPENAI_STOP_SEQUENCE": "END|###||STOP"})

    assert settings.azure_openai.stop_sequence == ["END", "###", "STOP"]


def test_resource_name_becomes_the_endpoint() -> None:
    settings = settings_from({"AZURE_OPENAI_RESOURCE": "contoso", "AZURE_OPENAI_MODEL": "gpt"})

    assert settings.azure_openai.endpoint == "https://contoso.openai.azure.com"
    assert settings.azure_openai.configured is True


def test_trailing_slash_is_removed_from_the_endpoint() -> None:
    settings = settings_from({"AZURE_OPENAI_ENDPOINT": "https://contoso.openai.azure.com/"})

    assert settings.azure_openai.endpoint == "https://contoso.openai.azure.com"


def test_empty_variables_count_as_unset() -> None:
    settings = settings_from({"AZURE_OPENAI_KEY": "", "AZURE_OPENAI_TEMPERATURE": ""})

    assert settings.azure_openai.key is None
    assert settings.azure_openai.temperature == 0


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"AZURE_OPENAI_TEMPERATURE": "5"}, "AZURE_OPENAI_TEMPERATURE: Input should be less"),
        ({"AZURE_OPENAI_MAX_TOKENS": "many"}, "AZURE_OPENAI_MAX_TOKENS: Input should be a valid"),
        ({"AZURE_OPENAI_STREAM": "perhaps"}, "AZURE_OPENAI_STREAM: Input should be a valid bool"),
        ({"UI_SHOW_SHARE_BUTTON": "maybe"}, "UI_SHOW_SHARE_BUTTON"),
        ({"APP_OUTBOUND_MAX_CONNECTIONS": "0"}, "APP_OUTBOUND_MAX_CONNECTIONS"),
        (
            {"AZURE_OPENAI_ENDPOINT": "http://contoso.openai.azure.com"},
            "AZURE_OPENAI_ENDPOINT must start with https://",
        ),
        (
            {
                "AZURE_OPENAI_ENDPOINT": "https://one.openai.azure.com",
                "AZURE_OPENAI_RESOURCE": "two",
            },
            "AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_RESOURCE disagree",
        ),
        ({"AZURE_OPENAI_STOP_SEQUENCE": "a|b|c|d|e"}, "at most 4 sequences"),
    ],
)
def test_invalid_settings_name_the_variable(env: dict[str, str], expected: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        settings_from(env)

    assert expected in str(raised.value)


def test_all_problems_are_reported_at_once_without_values() -> None:
    with pytest.raises(ConfigurationError) as raised:
        settings_from({"AZURE_OPENAI_TEMPERATURE": "hot-secret", "UI_SHOW_SHARE_BUTTON": "x"})

    message = str(raised.value)
    assert "AZURE_OPENAI_TEMPERATURE" in message
    assert "UI_SHOW_SHARE_BUTTON" in message
    assert "hot-secret" not in message
