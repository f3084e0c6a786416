"""`python -m kit` runs the same program as the `codesign-kit` command."""

import sys

from kit.cli import main

sys.exit(main())
