"""Entry point for `python -m backend.trust doctor`."""

import sys

from .doctor import main

sys.exit(main())
