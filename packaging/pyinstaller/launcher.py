"""Entry point of the frozen app: the same `actionkit` command."""

import multiprocessing

from actionkit.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the merge's helper process in a frozen app
    raise SystemExit(main())
