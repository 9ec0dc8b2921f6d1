"""Widgets grouped by screen area: the status bar, the facilitator's MSEL, role panes, the feed."""
