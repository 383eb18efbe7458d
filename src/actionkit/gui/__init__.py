"""The desktop app: a thin PySide6 layer over `actionkit.core`.

This package is the only place in ActionKit that may import Qt.
"""
