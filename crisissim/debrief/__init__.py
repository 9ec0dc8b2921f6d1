"""The debrief: metrics folded from a journal and the after-action report."""
