"""Screens: the exercise, the forms, the help overlay, StartEx and the hot wash."""
