"""Keys under which the app keeps its per-process objects in `app.config`."""

CONFIG_SETTINGS = "chat_settings"
CONFIG_CLIENTS = "chat_clients"
CONFIG_CHAT_SERVICE = "chat_service"
CONFIG_HEALTH_CHECKS = "chat_health_checks"
CONFIG_TRUST = "chat_trust"
CONFIG_HISTORY = "chat_history"
