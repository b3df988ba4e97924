"""The address of the person making a request, as far as it can be trusted.

Behind a reverse proxy every request arrives from the proxy's address, and the client's own
address is in ``X-Forwarded-For``. Anyone can send that header, so it is believed only when the
immediate peer (``REMOTE_ADDR``) is one of the configured trusted proxies
(``CARTNAV_TRUSTED_PROXIES``: addresses or networks, comma-separated). The header is then read
from the right — each trusted proxy appends the address it received from — and the first address
that is not itself a trusted proxy is the client. A malformed entry stops the walk at the last
trusted hop, so a forged header can never put an arbitrary address in the audit trail or make
one person's wrong passwords lock another's account.

This one function feeds the audit trail and the sign-in throttle (``AXES_CLIENT_IP_CALLABLE``).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def trusted_proxies() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(
    addr: ipaddress.IPv4Address | ipaddress.IPv6Address, nets: tuple[Network, ...]
) -> bool:
    return any(addr in net for net in nets)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: the peer's, or — behind a trusted proxy — the forwarded one."""
    if request is None:
        return None
    peer = _address(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    nets = trusted_proxies()
    if not nets or not _trusted(peer, nets):
        return str(peer)
    client = peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([h for h in forwarded.split(",") if h.strip()]):
        addr = _address(hop)
        if addr is None:
            break
        client = addr
        if not _trusted(addr, nets):
            break
    return str(client)
