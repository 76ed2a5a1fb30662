"""Refusal of internal network addresses (SSRF guard) for every outgoing connection.

A feed is third-party input: its links, and the redirects of any page, can point
at loopback, the private network, link-local ranges or the cloud metadata
service. :func:`check_address` says whether one IP address may be contacted;
:func:`resolve_allowed` resolves a host name and returns the addresses that may
be used, refusing the host when any of its addresses is internal (a name that
resolves to both a public and a private address is refused rather than raced).

The HTTP client (``pipeline.http``) calls :func:`resolve_allowed` at connect time
and connects to the checked address itself, so a DNS answer that changes
between check and connect (DNS rebinding) cannot slip through.

Operators allow-list hosts or networks in ``settings.http.allow_hosts`` (the
tests and the embedded demo serve on 127.0.0.1). This module does no HTTP.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Addresses the ipaddress flags do not all cover: the cloud metadata endpoints
# (AWS/GCP/Azure 169.254.169.254 is link-local; AWS IPv6 and Alibaba are not) and
# carrier-grade NAT space.
_EXTRA_BLOCKED: tuple[IPNetwork, ...] = (
    ipaddress.ip_network("100.64.0.0/10"),
    ipaddress.ip_network("100.100.100.200/32"),
    ipaddress.ip_network("fd00:ec2::254/128"),
    ipaddress.ip_network("192.0.0.0/24"),
)


class BlockedAddressError(Exception):
    """A URL's host is, or resolves to, an address the fetcher must not contact."""


@dataclass(frozen=True)
class AllowList:
    """Hosts (names or literal IPs) and networks exempt from the guard."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowList:
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in entries:
            entry = entry.strip().lower()
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                hosts.add(entry.rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def allows_host(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.hosts

    def allows_ip(self, ip: IPAddress) -> bool:
        return any(ip in net for net in self.networks if net.version == ip.version)


def is_internal(ip: IPAddress) -> bool:
    """True for loopback, private, link-local, multicast, reserved and unspecified addresses."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return is_internal(ip.ipv4_mapped)
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or any(ip in net for net in _EXTRA_BLOCKED if net.version == ip.version)
    )


def check_address(host: str, ip: IPAddress, allow: AllowList) -> None:
    """Raise BlockedAddressError if ``ip`` (an address of ``host``) is internal and not allow-listed."""
    if is_internal(ip) and not (allow.allows_ip(ip) or allow.allows_host(host)):
        raise BlockedAddressError(
            f"refused to connect to {host} ({ip}): a loopback/private/link-local address; "
            "add it to settings.http.allow_hosts only if it is meant to be reachable"
        )


def resolve_allowed(host: str, port: int, allow: AllowList) -> list[str]:
    """Resolve ``host`` and return its addresses, all checked; raise if any is refused.

    Raises BlockedAddressError for a refused address and OSError when the name
    does not resolve.
    """
    host = host.strip("[]")
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        check_address(host, literal, allow)
        return [str(literal)]
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        check_address(host, ip, allow)
        if str(ip) not in addresses:
            addresses.append(str(ip))
    if not addresses:
        raise OSError(f"{host}: name does not resolve")
    return addresses
