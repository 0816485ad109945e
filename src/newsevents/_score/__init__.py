"""The scorer: an extractor's record against the gold record, layer by layer.

``view`` reads a record through the table of sites, ``assign`` matches one to one,
``mentions``, ``items`` and ``attached`` count the layers, ``result`` holds what a score is,
``report`` shows it and judges thresholds, and ``scorer`` puts them together.
"""
