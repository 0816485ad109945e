"""The JSON Schemas at work: the two engines, format checks, the one-file bundle."""
