"""`python -m kg` runs the command-line interface."""

from kg.cli import entrypoint

# Guarded: kg serve's query worker is a spawned process, which imports this module again.
if __name__ == "__main__":
    entrypoint()
