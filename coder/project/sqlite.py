"""sqlite-utils, imported without pandas and numpy.

sqlite-utils imports pandas and numpy, when installed, only to recognise their types in
inserted values, which this program never passes it. That import costs about half a
second at every start of the app and the command line, so it is hidden from it here.
"""

from __future__ import annotations

import sys

_hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
for _name in _hidden:
    sys.modules[_name] = None  # type: ignore[assignment]  # makes "import pandas" fail
try:
    from sqlite_utils import Database, Migrations
finally:
    for _name in _hidden:
        del sys.modules[_name]

__all__ = ["Database", "Migrations"]
