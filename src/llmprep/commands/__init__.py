"""The CLI's command groups: each module defines commands and a `register(app)` that adds them."""
