"""The debrief: metrics folded from a journal and the after-action report.

Reads journals and scenarios only; never the engine or the generators.
"""
