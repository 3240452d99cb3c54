"""One function per mutation. Each runs in one transaction and returns what changed."""
