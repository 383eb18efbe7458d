"""`python -m actionkit` behaves exactly like the `actionkit` command."""

from actionkit.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
