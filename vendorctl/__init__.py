"""vendorctl: IT vendor relationship management kept as code."""

__version__ = "0.1.0"
