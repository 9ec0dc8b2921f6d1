"""Allows ``python -m crisissim``."""

from crisissim.cli import main

raise SystemExit(main())
