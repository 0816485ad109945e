"""The canonical YAML layout behind ``newsevents fmt``: comments found, values emitted."""
