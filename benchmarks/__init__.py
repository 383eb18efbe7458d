"""ActionKit's benchmarks: `python -m benchmarks` prints the performance table.

Each module here exposes `run(repeats: int) -> list[Row]`. A row names one
figure, the baseline measured beside it in the same run, and the target.
"""
