"""Where the tests' copied fixtures live (tests/data; their origins in tests/data/SOURCES.md)."""

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
XSD = DATA / "xsd"
