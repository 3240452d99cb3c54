"""Exchanging whole projects with other tools: REFI-QDA project files (.qdpx)."""
