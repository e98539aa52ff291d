"""Django admin of the consortia app: proposals for review (proposals.py, with the list's
batch evaluation and filters in proposal_list.py), the directory (directory.py), and the
records around proposals (records.py)."""

from consortia.admin import directory, proposals, records

__all__ = ["directory", "proposals", "records"]
