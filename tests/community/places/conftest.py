"""No test of places touches the network: an autouse fixture refuses every connection and DNS lookup
that does not stay on this machine."""

from __future__ import annotations

import socket

import pytest

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class NetworkTouched(RuntimeError):
    """Raised by the guard when code tries to reach another machine."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Refuse every DNS lookup and connection that leaves this machine; record the attempts."""
    attempts: list[object] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def is_local(sock, address) -> bool:
        if sock.family == getattr(socket, "AF_UNIX", None):
            return True
        return isinstance(address, tuple) and address[0] in LOCAL_HOSTS

    def guarded_connect(sock, address):
        if not is_local(sock, address):
            attempts.append(address)
            raise NetworkTouched(f"a test tried to connect to {address!r}")
        return real_connect(sock, address)

    def guarded_connect_ex(sock, address):
        if not is_local(sock, address):
            attempts.append(address)
            raise NetworkTouched(f"a test tried to connect to {address!r}")
        return real_connect_ex(sock, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host not in LOCAL_HOSTS and host is not None:
            attempts.append(host)
            raise NetworkTouched(f"a test tried to look up {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    return attempts
