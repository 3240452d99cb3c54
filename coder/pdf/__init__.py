"""PyMuPDF lives here and nowhere else in the core. PyMuPDF is not thread-safe: callers
must never use it from two threads at once."""
