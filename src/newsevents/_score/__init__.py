"""The scorer: an extractor's record against the gold record, layer by layer.

``api`` is the public function, light at import; ``view`` reads a record through the
table of sites, ``assign`` matches one to one, ``mentions``, ``items`` and ``attached``
count the layers, ``values`` compares what matched items say, ``result`` holds what a
score is (``layers`` names its layers), ``report`` shows it and judges thresholds,
``errors`` says what cannot be scored, and ``scorer`` puts them together.
"""
