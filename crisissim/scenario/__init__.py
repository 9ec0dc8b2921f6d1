"""The scenario: its typed model, loading YAML with line numbers, checks and the event graph.

This layer imports nothing else of crisissim: everything above stands on it.
"""

from crisissim.scenario.loader import Loaded, load, parse
from crisissim.scenario.model import Event, Expectation, Scenario
from crisissim.scenario.problems import Problem, Severity

__all__ = ["Event", "Expectation", "Loaded", "Problem", "Scenario", "Severity", "load", "parse"]
