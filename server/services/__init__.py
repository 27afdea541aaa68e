"""Use cases. Each takes its collaborators explicitly, owns its transaction, returns events."""
