"""Test-only socket guard, imported at start-up by every Python process whose PYTHONPATH holds
this folder and whose environment names ``NEOPAT_SOCKET_LOG``: a connection, datagram or name
lookup beyond loopback is refused and written to that log."""

from __future__ import annotations

import ipaddress
import os
import socket

LOG = os.environ.get("NEOPAT_SOCKET_LOG")


def _loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if host in (None, "", "localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what: str) -> None:
    with open(LOG, "a", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()} {what}\n")
    raise ConnectionRefusedError(f"socket guard: {what} is beyond loopback")


def _install() -> None:
    inet = (socket.AF_INET, socket.AF_INET6)
    connect, connect_ex, sendto = socket.socket.connect, socket.socket.connect_ex, \
        socket.socket.sendto
    getaddrinfo = socket.getaddrinfo

    def guarded_connect(self, address):
        if self.family in inet and not _loopback(address[0]):
            _refuse(f"connect {address!r}")
        return connect(self, address)

    def guarded_connect_ex(self, address):
        if self.family in inet and not _loopback(address[0]):
            _refuse(f"connect {address!r}")
        return connect_ex(self, address)

    def guarded_sendto(self, data, *args):
        address = args[-1]
        if self.family in inet and not _loopback(address[0]):
            _refuse(f"sendto {address!r}")
        return sendto(self, data, *args)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if not _loopback(host):
            _refuse(f"resolve {host!r}")
        return getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = guarded_connect
    socket.socket.connect_ex = guarded_connect_ex
    socket.socket.sendto = guarded_sendto
    socket.getaddrinfo = guarded_getaddrinfo


if LOG:
    _install()
