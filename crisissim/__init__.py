"""crisissim: data-breach crisis exercises, staged from a terminal.

Kept free of imports so that ``crisissim --version`` answers at once.
"""

__version__ = "0.1.0"
