"""The names of the scorer's layers and schemes: a module light enough for any command to
import (the command line lists them in its help)."""

__all__ = ["LAYERS", "SCHEMES"]

#: The schemes the entity-mention layer is scored under.
SCHEMES = ("strict", "exact", "partial", "type")
#: Every layer, in the order reports list them, with what it judges.
LAYERS: dict[str, str] = {
    "mentions.strict": "entity mentions: the same boundaries and kind",
    "mentions.exact": "entity mentions: the same boundaries",
    "mentions.partial": "entity mentions: overlapping (half credit) or the same boundaries",
    "mentions.type": "entity mentions: overlapping, and the same kind",
    "entities": "entities, matched by their mentions, identifiers and names",
    "events.identification": "events whose evidence overlaps",
    "events.classification": "events whose evidence overlaps, of the same type",
    "arguments.identification": "participants and places of matched events: the matched entity",
    "arguments.classification": "participants and places: the matched entity in the same role",
    "claims.identification": "claims whose evidence overlaps, about the matched subject",
    "claims.value": "claims matched, with the same value",
    "quotes.identification": "quotes whose evidence overlaps",
    "quotes.speaker": "quotes matched, with the matched speaker",
    "quotes.mode": "quotes matched, in the same mode (direct or indirect)",
    "moments": "the dates of matched events and times of matched claims",
    "links": "links between matched events, claims and quotes",
}
