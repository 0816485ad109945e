"""Aids for writing records by hand: spans found by their text, and spans re-anchored."""
