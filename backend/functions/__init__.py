"""Function calling: tool definitions and tool runs served by Azure Functions."""
