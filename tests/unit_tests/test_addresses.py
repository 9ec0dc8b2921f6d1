"""The addresses the console names for seats served on every interface: this machine's own, read
from its interfaces, those another machine could open, never 0.0.0.0 or loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisissim.exercise.addresses import local_addresses, seat_urls, usable

# /proc/net/fib_trie of a laptop on Wi-Fi with a container bridge: the Main and Local tables both
# list each address; only ``/32 host LOCAL`` leaves are this machine's own
FIB_TRIE = """\
Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 0.0.0.0
        /0 universe UNICAST
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
     +-- 192.168.1.0/24 2 0 2
        |-- 192.168.1.0
           /24 link UNICAST
        |-- 192.168.1.23
           /32 host LOCAL
        |-- 192.168.1.255
           /32 link BROADCAST
     |-- 169.254.10.9
        /32 host LOCAL
     |-- 172.17.0.1
        /32 host LOCAL
Local:
  +-- 0.0.0.0/0 3 0 5
     |-- 127.0.0.1
        /32 host LOCAL
     |-- 192.168.1.23
        /32 host LOCAL
"""

# /proc/net/if_inet6: address, interface index, prefix length, scope, flags, name
IF_INET6 = """\
00000000000000000000000000000001 01 80 10 80       lo
fe80000000000000021122fffe334455 02 40 20 80    wlan0
2001067c2e8000010000000000000023 02 40 00 00    wlan0
fd000000000000000000000000000005 02 40 00 80    wlan0
20010db8000000000000000000000099 02 40 00 c0    wlan0
"""


@pytest.fixture
def proc(tmp_path: Path) -> Path:
    (tmp_path / "fib_trie").write_text(FIB_TRIE, encoding="ascii")
    (tmp_path / "if_inet6").write_text(IF_INET6, encoding="ascii")
    return tmp_path


def test_every_interface_gives_this_machines_own_addresses_that_others_can_open(proc: Path) -> None:
    addresses = local_addresses(proc=proc)
    assert set(addresses) == {"192.168.1.23", "172.17.0.1", "2001:67c:2e80:1::23", "fd00::5"}
    assert addresses.index("172.17.0.1") < addresses.index("2001:67c:2e80:1::23")  # IPv4 first
    # a tentative IPv6 address (flags 0x40) cannot be opened yet; link-local and loopback never from elsewhere
    assert "2001:db8::99" not in addresses


def test_the_urls_for_0_0_0_0_name_ipv4_and_for_the_ipv6_wildcard_both(proc: Path) -> None:
    urls = seat_urls("0.0.0.0", 8000, proc=proc)
    assert set(urls) == {"http://192.168.1.23:8000", "http://172.17.0.1:8000"}
    both = seat_urls("::", 8000, proc=proc)
    assert "http://[fd00::5]:8000" in both and "http://192.168.1.23:8000" in both


def test_a_named_host_is_the_address_as_given(proc: Path) -> None:
    assert seat_urls("127.0.0.1", 8000, proc=proc) == ["http://127.0.0.1:8000"]
    assert seat_urls("seats.example.org", 443, proc=proc) == ["http://seats.example.org:443"]
    assert seat_urls("fd00::5", 8000, proc=proc) == ["http://[fd00::5]:8000"]


def test_without_an_address_on_any_network_this_machine_can_still_open_them(tmp_path: Path) -> None:
    (tmp_path / "fib_trie").write_text("Main:\n  |-- 127.0.0.1\n     /32 host LOCAL\n", encoding="ascii")
    (tmp_path / "if_inet6").write_text(IF_INET6.splitlines()[0] + "\n", encoding="ascii")
    assert seat_urls("0.0.0.0", 8000, proc=tmp_path) == ["http://127.0.0.1:8000"]


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "fe80::1", "169.254.3.4", "0.0.0.0", "::", "224.0.0.1", "x"])
def test_no_other_machine_opens_these(address: str) -> None:
    assert not usable(address)
