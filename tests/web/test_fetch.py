"""The guarded HTTP client against a real server on 127.0.0.1: limits, decoding, redirects, the guard."""

from __future__ import annotations

import gzip
import ipaddress
import threading
import time

import pytest

from pipeline.config import HttpSettings
from pipeline.fetch import FetchError, HostThrottle, HttpClient
from pipeline.netguard import AllowList, BlockedAddressError, check_address, is_internal, resolve_allowed
from tests.support.webserver import CorpusServer

PAGE = "<html><body><p>A page written for this test.</p></body></html>"


def _client(**overrides: object) -> HttpClient:
    settings: dict[str, object] = {
        "connect_timeout": 2,
        "read_timeout": 2,
        "deadline": 5,
        "allow_hosts": ("127.0.0.1",),
    }
    settings.update(overrides)
    return HttpClient(HttpSettings(**settings), throttle=HostThrottle())  # type: ignore[arg-type]


@pytest.fixture
def server() -> CorpusServer:
    with CorpusServer() as srv:
        yield srv  # type: ignore[misc]


def test_plain_and_gzip_bodies_and_user_agent(server: CorpusServer) -> None:
    server.put("/plain.html", PAGE)
    server.put("/zipped.html", PAGE)
    server.fault("/zipped.html", "gzip")
    with _client(user_agent="leaderwatch-test/1") as client:
        plain = client.get(server.url("/plain.html"))
        zipped = client.get(server.url("/zipped.html"))
    assert plain.content == zipped.content == PAGE.encode()
    assert zipped.headers["content-encoding"] == "gzip"
    assert {entry.user_agent for entry in server.log} == {"leaderwatch-test/1"}


def test_gzip_bomb_is_cut_at_the_cap(server: CorpusServer) -> None:
    bomb = gzip.compress(b"\0" * 30_000_000)  # ~30 kB on the wire, 30 MB decoded
    server.put("/bomb.html", bomb, "text/html", **{"Content-Encoding": "gzip"})
    with _client(max_bytes=1_000_000) as client, pytest.raises(FetchError) as info:
        client.get(server.url("/bomb.html"))
    assert info.value.kind == "too_large" and "1,000,000" in str(info.value)


def test_redirects_are_followed_up_to_the_limit(server: CorpusServer) -> None:
    server.put("/final.html", PAGE)
    server.fault("/hop1", "redirect", location="/hop2")
    server.fault("/hop2", "redirect", location=server.url("/final.html"), code=301)
    with _client() as client:
        response = client.get(server.url("/hop1"))
    assert response.url == server.url("/final.html") and response.content == PAGE.encode()
    assert response.redirects == [server.url("/hop2"), server.url("/final.html")]

    with _client(max_redirects=1) as client, pytest.raises(FetchError) as info:
        client.get(server.url("/hop1"))
    assert info.value.kind == "redirects" and "more than 1 redirects" in str(info.value)


def test_redirect_to_a_private_address_is_refused(server: CorpusServer) -> None:
    server.fault("/go", "redirect", location="http://169.254.169.254/latest/meta-data/")
    with _client() as client, pytest.raises(FetchError) as info:
        client.get(server.url("/go"))
    assert info.value.kind == "blocked"
    assert "redirected to http://169.254.169.254" in str(info.value) and "refused" in str(info.value)


def test_not_modified_is_returned_without_body(server: CorpusServer) -> None:
    server.put("/page.html", PAGE)
    with _client() as client:
        first = client.get(server.url("/page.html"))
        second = client.get(server.url("/page.html"), headers={"If-None-Match": first.headers["etag"]})
    assert second.status == 304 and second.content == b""


def test_deadline_covers_slow_headers_too(server: CorpusServer) -> None:
    # The server accepts and then says nothing: only the deadline can end this
    # when the read timeout is longer than the deadline.
    server.fault("/silent", "hang", seconds=30)
    started = time.monotonic()
    with _client(read_timeout=20, deadline=1.0) as client, pytest.raises(FetchError) as info:
        client.get(server.url("/silent"))
    assert info.value.kind == "deadline"
    assert time.monotonic() - started < 3


def test_per_host_delay_and_concurrency(server: CorpusServer) -> None:
    server.put("/page.html", PAGE)
    with _client(per_host_delay=0.3) as client:
        started = time.monotonic()
        for _ in range(3):
            client.get(server.url("/page.html"))
        assert time.monotonic() - started >= 0.6

    # With one slot per host, a slow request holds back the next one to the same host.
    server.fault("/slow", "drip", interval=0.1, size=5)
    with _client(per_host_concurrency=1) as client:
        finished: list[str] = []

        def slow() -> None:
            client.get(server.url("/slow"))
            finished.append("slow")

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.1)
        client.get(server.url("/page.html"))
        finished.append("fast")
        thread.join()
    assert finished == ["slow", "fast"]


def test_netguard_classification() -> None:
    allow = AllowList.parse(["127.0.0.1", "10.20.0.0/16", "intranet.example"])
    for ip in (
        "127.0.0.2",
        "10.0.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fd00:ec2::254",
        "100.100.100.200",
    ):
        assert is_internal(ipaddress.ip_address(ip)), ip
    assert not is_internal(ipaddress.ip_address("93.184.216.34"))
    assert is_internal(ipaddress.ip_address("::ffff:10.0.0.1")), "IPv4-mapped IPv6 is checked as IPv4"
    check_address("x", ipaddress.ip_address("127.0.0.1"), allow)
    check_address("x", ipaddress.ip_address("10.20.3.4"), allow)
    check_address("intranet.example", ipaddress.ip_address("10.1.1.1"), allow)
    with pytest.raises(BlockedAddressError):
        check_address("x", ipaddress.ip_address("10.1.1.1"), allow)
    with pytest.raises(BlockedAddressError):
        resolve_allowed("localhost", 80, AllowList())
    assert resolve_allowed("127.0.0.1", 80, allow) == ["127.0.0.1"]


def test_non_http_urls_are_refused() -> None:
    with _client() as client:
        for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "http:///nohost"):
            with pytest.raises(FetchError) as info:
                client.get(url)
            assert info.value.kind == "bad_url"
