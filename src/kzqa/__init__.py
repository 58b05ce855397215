"""kzqa: look up and check cited facts about Kazakhstan–Qatar relations from the terminal."""

__version__ = "0.2.0"

# The record kinds, in the order fact files and listings give them. Here rather than in
# the loader, which checks them: the store and the commands need the names on every call,
# the loader's validation only when the records are read afresh.
KINDS = ("source", "entity", "event", "agreement", "project", "figure")
