"""textmine: read Chinese government information-disclosure annual reports at corpus scale."""

__version__ = "0.1.0"
