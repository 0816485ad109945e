"""Helpers for the portability tests: the schema as other languages' tools read it."""
