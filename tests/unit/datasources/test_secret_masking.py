"""The debug log of a request shows the data source's secrets masked, everything else as is."""

from __future__ import annotations

import json

from backend.datasources import PendingGroupFilter, mask_secrets


def test_every_secret_field_is_masked_at_any_depth() -> None:
    request = {
        "model": "gpt-4o",
        "extra_body": {
            "data_sources": [
                {
                    "type": "azure_search",
                    "parameters": {
                        "authentication": {"type": "api_key", "key": "search-secret"},
                        "embedding_dependency": {
                            "type": "endpoint",
                            "authentication": {"type": "api_key", "key": "embed-secret"},
                        },
                        "filter": PendingGroupFilter("group_ids", "user-token-secret"),
                    },
                },
                {"parameters": {"authentication": {"connection_string": "Password=p1"}}},
                {"parameters": {"authentication": {"password": "p2", "username": "reader"}}},
                {"parameters": {"authentication": {"encoded_api_key": "ZW5j"}}},
            ]
        },
    }

    logged = json.dumps(mask_secrets(request))

    for secret in ("search-secret", "embed-secret", "user-token-secret", "p1", "p2", "ZW5j"):
        assert secret not in logged
    assert logged.count("*****") == 5
    assert '"username": "reader"' in logged
    assert "group_ids" in logged


def test_masking_leaves_the_original_request_untouched() -> None:
    request = {"authentication": {"type": "api_key", "key": "search-secret"}}

    mask_secrets(request)

    assert request["authentication"]["key"] == "search-secret"
