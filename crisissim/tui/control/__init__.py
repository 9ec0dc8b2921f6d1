"""The control cell of a many-team exercise: every team's table, one team's drill-in (see :mod:`.app`)."""
