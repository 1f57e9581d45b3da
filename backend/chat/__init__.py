"""`POST /conversation`: validate, build model arguments, call Azure OpenAI, format answers."""
