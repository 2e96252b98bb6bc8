#!/usr/bin/env python
"""Django's command-line utility; the ``xinfang`` command wraps it."""

from xinfang.cli import main

if __name__ == "__main__":
    main()
