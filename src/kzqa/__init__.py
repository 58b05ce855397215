"""kzqa: look up and check cited facts about Kazakhstan–Qatar relations from the terminal."""

__version__ = "0.2.0"
