"""The demo project and the seeded review-like PDFs it (and the benchmarks) are made from.
All names, places and events in them are invented."""
