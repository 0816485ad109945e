"""The Hypothesis plugin (registered under the ``hypothesis`` entry point): teaches
``st.from_type`` the record types, so ``st.from_type(NewsEventRecord)`` draws valid
records. Hypothesis skips it when ``HYPOTHESIS_NO_PLUGINS`` is set.

Registration is all that happens at import: the strategies load when first drawn from.
"""

from __future__ import annotations

from typing import Any


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from newsevents import types

    def deferred(build: Any) -> Any:
        return st.deferred(build)

    def records(**sizes: Any) -> Any:
        from newsevents.strategies import records as made

        return made(**sizes)

    def moments() -> Any:
        from newsevents.strategies import moments as made

        return made()

    def quantities() -> Any:
        from newsevents.strategies import quantities as made

        return made()

    st.register_type_strategy(types.NewsEventRecord, deferred(records))
    st.register_type_strategy(types.Moment, deferred(moments))
    st.register_type_strategy(types.Quantity, deferred(quantities))
    # A part drawn alone comes from a record built around it.
    for kind, section, size in (
        (types.Entity, "entities", "min_entities"),
        (types.Event, "events", "min_events"),
        (types.Claim, "claims", "min_claims"),
        (types.Quote, "quotes", "min_quotes"),
    ):
        st.register_type_strategy(
            kind,
            deferred(
                lambda section=section, size=size: records(**{size: 1}).map(
                    lambda record, section=section: record[section][0]
                )
            ),
        )
