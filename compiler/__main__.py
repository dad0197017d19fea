"""`python -m compiler` is `regc`."""
import sys

from .cli import main

sys.exit(main())
