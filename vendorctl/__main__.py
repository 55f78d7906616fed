"""Entry point for `python -m vendorctl`."""

from vendorctl.cli import main

main()
