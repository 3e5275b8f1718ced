from taosha.cli import main

raise SystemExit(main())
