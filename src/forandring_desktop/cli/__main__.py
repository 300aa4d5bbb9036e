"""python -m forandring_desktop.cli"""

import sys

from forandring_desktop.cli import main

sys.exit(main())
