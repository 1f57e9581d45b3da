"""A local HTTPS server that speaks the Azure OpenAI chat completions wire format."""
