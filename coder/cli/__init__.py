"""The ``review-coder`` command: a thin layer over the core."""
