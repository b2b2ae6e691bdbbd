"""Quality: scores extraction stages against gold data."""
