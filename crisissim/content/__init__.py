"""Generated content: personas, seeded Faker, sandboxed templates, posts and enquiries.

Imports only the scenario layer. Nothing here reads the wall clock or a global random
source: every draw comes from a stream the caller hands in.
"""
