from fleksjob.cli import main

raise SystemExit(main())
