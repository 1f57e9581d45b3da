"""Chat web app over Azure OpenAI with enterprise CA trust."""
