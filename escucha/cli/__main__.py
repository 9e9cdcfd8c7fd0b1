"""`python -m escucha.cli ...`: the same as the `escucha` command."""

from escucha.cli import app

if __name__ == "__main__":
    app()
