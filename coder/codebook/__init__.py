"""The pure code tree and code paths (no SQL, no Qt)."""
