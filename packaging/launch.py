"""The bundle's entry point: the same launcher as the `review-coder` command."""

from coder.launcher import main

raise SystemExit(main())
