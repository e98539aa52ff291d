"""Django admin of the consortia app: proposals for review (proposals.py), the directory
(directory.py), and the records around proposals (records.py)."""

from consortia.admin import directory, proposals, records

__all__ = ["directory", "proposals", "records"]
