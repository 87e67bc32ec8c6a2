"""The persistent index: document records in SQLite and their LSH keys in sorted segments."""
