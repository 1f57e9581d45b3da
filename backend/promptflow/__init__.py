"""Prompt flow: the conversation goes to a deployed flow instead of straight to the model."""
