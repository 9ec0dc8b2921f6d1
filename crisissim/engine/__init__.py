"""The exercise engine: clock, scheduler, conditions, expectations, clocks and storms.

Takes its clock and random streams from outside; never sleeps and never reads the wall clock.
"""
