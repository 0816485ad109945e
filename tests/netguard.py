"""Sockets refused: a test that must never touch the network fails if anything tries.

``no_network`` is a fixture for this process; ``SITECUSTOMIZE`` is the same guard for a
Python subprocess (and the worker processes it starts): written as ``sitecustomize.py``
into a directory on the child's ``PYTHONPATH``, it runs before anything else and makes
every attempt exit the process with :data:`EXIT_NETWORK`.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

__all__ = ["EXIT_NETWORK", "SITECUSTOMIZE", "NetworkUsed", "no_network"]

#: The exit code of a guarded subprocess that tried to open a connection.
EXIT_NETWORK = 97


class NetworkUsed(AssertionError):
    """Something tried to create a socket, resolve a name or open a connection."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Refuse sockets, name look-ups and connections for the test; fail it if any was
    tried, even when the code under test swallowed the error."""
    attempts: list[str] = []

    def refuse(what: str) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{what}{args!r}")
            raise NetworkUsed(f"{what} was called with {args!r}: validation must stay offline")

        return refused

    class Refused(socket.socket):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            refuse("socket.socket")(*args, **kwargs)

    monkeypatch.setattr(socket, "socket", Refused)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    yield attempts
    assert not attempts, attempts


SITECUSTOMIZE = f"""\
import os
import socket
import sys


def _refused(*args, **kwargs):
    sys.stderr.write("newsevents test guard: a network call was attempted\\n")
    sys.stderr.flush()
    os._exit({EXIT_NETWORK})


class _Refused(socket.socket):
    def __init__(self, *args, **kwargs):
        _refused()


socket.socket = _Refused
for _name in ("create_connection", "getaddrinfo", "gethostbyname"):
    setattr(socket, _name, _refused)
"""
