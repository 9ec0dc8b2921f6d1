"""The terminal interface (Textual): the only package that imports Textual."""
