"""Reading records: paths and content into Documents (YAML 1.2, JSON, JSON Lines), with
positions and messages that say what to do."""
