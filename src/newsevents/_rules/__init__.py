"""The rules JSON Schema cannot say: the table of sites, one walk, the semantic rules, the
verdict that joins them to the engines, and the catalogue of every rule."""
