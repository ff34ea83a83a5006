"""zccheck: offline pre-submission checker for Chinese professional-title (职称) applications."""

__version__ = "0.1.0"
