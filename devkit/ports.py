"""Loopback ports for the servers the tests start, reserved without a race.

A port is taken with ``bind(("127.0.0.1", 0))`` and the socket is held, bound but never
listening, for as long as the server may use the port: while it is held the kernel gives that
port to no other ``bind(0)`` (another test worker, another program). The socket sets
``SO_REUSEADDR``, as Tornado (Streamlit), HAProxy and the container's Streamlit do, so the
server can still bind and listen on it; a plain ``bind`` of it fails. Binding, closing and
hoping the port stays free (the usual ``free_port``) races with everything else on the machine.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator


@contextlib.contextmanager
def reserved_ports(count: int = 1) -> Iterator[list[int]]:
    """``count`` distinct loopback ports, reserved until the block ends."""
    with contextlib.ExitStack() as stack:
        ports = []
        for _ in range(count):
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
        yield ports


@contextlib.contextmanager
def reserved_port() -> Iterator[int]:
    """One loopback port, reserved until the block ends (``reserved_ports``)."""
    with reserved_ports(1) as (port,):
        yield port
