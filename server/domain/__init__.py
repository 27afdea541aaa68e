"""The queue domain: pure Python, standard library only (no Flask, no SQLAlchemy, no I/O)."""
