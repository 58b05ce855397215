"""`python -m kzqa` runs the command-line app."""

from kzqa.cli import main

main()
