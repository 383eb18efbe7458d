"""The headless heart of ActionKit. Nothing under this package may import Qt.

The GUI (`actionkit.gui`) and the CLI (`actionkit.cli`) are thin layers over it.
"""
