"""``python -m graf`` works like the ``graf`` command."""

import sys

from graf.cli import main

if __name__ == "__main__":
    sys.exit(main())
