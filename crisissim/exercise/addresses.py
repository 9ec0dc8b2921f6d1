"""The addresses participants can open when the seats are served on every interface.

``crisissim serve --host 0.0.0.0`` binds every address of this machine, but
``http://0.0.0.0:8000`` opens nothing on a participant's phone: the console and stdout must name
the addresses this machine really has on its networks. They are read from the interfaces, never
looked up (a name lookup can go to the network, and ``getaddrinfo(gethostname())`` often says only
127.0.1.1): on Linux from ``/proc/net`` (``fib_trie`` holds every local IPv4 address,
``if_inet6`` every IPv6 one, in this network namespace); elsewhere the address the system would
send from towards a private network, found by connecting a UDP socket, which sends nothing.
Loopback and link-local addresses are left out: another machine cannot open those.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from pathlib import Path

from crisissim.exercise.serve import seat_url

#: Hosts that bind every address: IPv4's, and IPv6's (which on Linux takes IPv4 too).
WILDCARDS = ("0.0.0.0", "::", "")
#: Private addresses to "connect" a UDP socket to: the system then says which address it would
#: send from. Nothing is sent, and nothing need answer there.
PROBES = (("10.254.254.254", socket.AF_INET), ("fd00:c715:5eed::1", socket.AF_INET6))
#: ``if_inet6`` flags of an address not yet (or no longer) usable: tentative, failed duplicate detection.
UNUSABLE_V6 = 0x40 | 0x08


def usable(address: str) -> bool:
    """Whether another machine could open this address: not loopback, link-local, unspecified or multicast."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast)


def _proc_ipv4(proc: Path) -> list[str]:
    """Every local IPv4 address, from ``fib_trie``: an address line followed by ``/32 host LOCAL``."""
    found: list[str] = []
    last = ""
    for line in (proc / "fib_trie").read_text(encoding="ascii", errors="replace").splitlines():
        text = line.strip()
        if text.startswith("|-- "):
            last = text[4:]
        elif text.startswith("/32 host LOCAL") and last and last not in found:
            found.append(last)
    return found


def _proc_ipv6(proc: Path) -> list[str]:
    """Every usable IPv6 address, from ``if_inet6`` (address, index, prefix, scope, flags, name)."""
    found: list[str] = []
    for line in (proc / "if_inet6").read_text(encoding="ascii", errors="replace").splitlines():
        parts = line.split()
        if len(parts) < 5 or len(parts[0]) != 32:
            continue
        try:
            flags = int(parts[4], 16)
            address = str(ipaddress.IPv6Address(bytes.fromhex(parts[0])))
        except ValueError:
            continue
        if not flags & UNUSABLE_V6 and address not in found:
            found.append(address)
    return found


def _probed(family: socket.AddressFamily) -> list[str]:
    """The address this machine would send from towards a private network (UDP: nothing is sent)."""
    target = next(host for host, f in PROBES if f == family)
    with contextlib.suppress(OSError), socket.socket(family, socket.SOCK_DGRAM) as probe:
        probe.connect((target, 9))
        return [str(probe.getsockname()[0]).split("%")[0]]
    return []


def local_addresses(*, ipv6: bool = True, proc: Path = Path("/proc/net")) -> list[str]:
    """This machine's addresses that another machine could open: IPv4 first, then (with ``ipv6``)
    IPv6; the one the system sends from first in each."""
    families = [socket.AF_INET] + ([socket.AF_INET6] if ipv6 and socket.has_ipv6 else [])
    found: list[str] = []
    for family in families:
        listed: list[str] = []
        with contextlib.suppress(OSError):
            listed = _proc_ipv4(proc) if family == socket.AF_INET else _proc_ipv6(proc)
        preferred = _probed(family)
        for address in [*(a for a in preferred if a in listed or not listed), *listed]:
            if usable(address) and address not in found:
                found.append(address)
    return found


def seat_urls(host: str, port: int, *, proc: Path = Path("/proc/net")) -> list[str]:
    """The addresses participants open for seats served on ``host``: ``host`` itself, or, for a
    host that binds every interface, each address this machine has on its networks (loopback's
    when it has none, so that this machine at least can open them)."""
    if host not in WILDCARDS:
        return [seat_url(host, port)]
    addresses = local_addresses(ipv6=host == "::", proc=proc)
    return [seat_url(a, port) for a in addresses] or [seat_url("127.0.0.1", port)]
