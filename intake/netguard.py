"""Outbound request guard: the service calls only public http(s) addresses (no SSRF).

A webhook URL is given by a client, so without a guard the service would POST wherever the
client says: its own loopback, the cloud metadata service (169.254.169.254), the Redis or
PostgreSQL next to it, other hosts of the private network. Rules:

- only ``http`` and ``https``, with a host name, no user/password part;
- the host is resolved and **every** address must be public: loopback, private (RFC 1918,
  ULA), link-local, shared (CGNAT), multicast, reserved, unspecified, and IPv4-mapped/6to4
  forms of them are refused. Numeric host spellings that resolvers accept (``2130706433``,
  ``0x7f.1``, ``017700000001``) are decoded the same way ``inet_aton`` does;
- at send time (:func:`post`) the host is resolved again, checked again, and the connection
  goes to the checked address (the ``Host`` header and TLS server name stay the URL's), so a
  DNS answer that changes between the check and the connection (DNS rebinding) is not used.

``EKLAIM_WEBHOOK_ALLOW_PRIVATE=true`` lifts the address rule (development and tests with a
receiver on 127.0.0.1); the scheme rule always holds.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from intake.errors import EklaimError, Message

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

_CGNAT = ipaddress.ip_network("100.64.0.0/10")


class UnsafeUrl(EklaimError):
    """An outbound URL the service will not call (422 at registration)."""

    http_status = 422

    def __init__(self, code: str = "webhook_url_not_allowed") -> None:
        super().__init__(
            code,
            Message(
                id="Alamat webhook tidak diizinkan: harus http(s) ke alamat publik.",
                en="The webhook URL is not allowed: it must be http(s) to a public address.",
            ),
        )


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def literal_ip(host: str) -> IpAddress | None:
    """The address a numeric host spelling means, else None (a name to resolve).

    Accepts what resolvers accept: dotted quads, IPv6 in brackets or not, and the legacy
    IPv4 forms of ``inet_aton`` (one decimal number, hex and octal parts).
    """
    h = host.strip("[]")
    try:
        return ipaddress.ip_address(h.split("%", 1)[0])
    except ValueError:
        pass
    if h and all(c in "0123456789abcdefxABCDEFX." for c in h) and any(c.isdigit() for c in h):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(h))
        except OSError:
            return None
    return None


def is_public(ip: IpAddress) -> bool:
    """Whether ``ip`` is a globally routable unicast address (IPv4-mapped forms unwrapped)."""
    if isinstance(ip, ipaddress.IPv6Address):
        for inner in (ip.ipv4_mapped, ip.sixtofour, (ip.teredo or (None, None))[1]):
            if inner is not None and not is_public(inner):
                return False
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return False
    return bool(ip.is_global) and not (
        ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast
        or ip.is_reserved or ip.is_unspecified
    )


def _split(url: str) -> tuple[str, str, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeUrl("webhook_url_invalid") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeUrl("webhook_url_scheme")
    host = parts.hostname or ""
    if not host or parts.username is not None or parts.password is not None:
        raise UnsafeUrl("webhook_url_invalid")
    return scheme, host, port or (443 if scheme == "https" else 80)


def check_url(url: str, *, allow_private: bool = False, resolver: Resolver | None = None) -> list[IpAddress]:
    """Check an outbound URL and return the addresses it may be called at.

    Args:
        url: the URL.
        allow_private: skip the address rule (development and tests only).
        resolver: ``(host, port) -> [address]`` (default: the system resolver).

    Raises:
        UnsafeUrl: ``webhook_url_scheme`` (not http/https), ``webhook_url_invalid`` (no host,
            credentials, bad port), ``webhook_url_unresolvable`` (no address) or
            ``webhook_url_not_allowed`` (an address is not public).
    """
    _scheme, host, port = _split(url)
    ip = literal_ip(host)
    if ip is not None:
        addresses: list[IpAddress] = [ip]
    else:
        try:
            found = (resolver or _system_resolver)(host, port)
        except (OSError, UnicodeError):
            found = []
        addresses = []
        for text in found:
            parsed = literal_ip(text)
            if parsed is not None:
                addresses.append(parsed)
        if not addresses:
            raise UnsafeUrl("webhook_url_unresolvable")
    if not allow_private and not all(is_public(a) for a in addresses):
        raise UnsafeUrl("webhook_url_not_allowed")
    return addresses


def post(url: str, *, allow_private: bool = False, resolver: Resolver | None = None, **kwargs: Any) -> Any:
    """``httpx.post`` to ``url`` after :func:`check_url`, connecting to the checked address.

    The request goes to the first checked address; ``Host`` and the TLS server name (SNI and
    certificate check) stay the URL's host. Redirects are never followed.

    Raises:
        UnsafeUrl: the URL is not allowed (see :func:`check_url`).
        httpx.HTTPError: the request failed.
    """
    import httpx

    addresses = check_url(url, allow_private=allow_private, resolver=resolver)
    parts = urlsplit(url)
    host = parts.hostname or ""
    target = addresses[0]
    ip_text = f"[{target}]" if isinstance(target, ipaddress.IPv6Address) else str(target)
    netloc = ip_text + (f":{parts.port}" if parts.port else "")
    pinned = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    headers = dict(kwargs.pop("headers", None) or {})
    headers["Host"] = parts.netloc.rsplit("@", 1)[-1]
    extensions = dict(kwargs.pop("extensions", None) or {})
    if parts.scheme.lower() == "https":
        extensions["sni_hostname"] = host
    kwargs.pop("follow_redirects", None)
    timeout = kwargs.pop("timeout", 10.0)
    with httpx.Client(follow_redirects=False, timeout=timeout) as client:
        request = client.build_request("POST", pinned, headers=headers, extensions=extensions, **kwargs)
        return client.send(request)
