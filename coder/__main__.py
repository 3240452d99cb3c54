from coder.launcher import main

raise SystemExit(main())
