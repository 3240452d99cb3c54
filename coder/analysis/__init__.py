"""Exports, summaries and statistics over one project or several."""
