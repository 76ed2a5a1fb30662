"""Block Kit rendering: escaping, links, flags, summaries, limits, digests."""

from __future__ import annotations

import json
import re

from pipeline.slack_render import (
    MAX_BLOCKS,
    MAX_HEADER,
    MAX_SECTION,
    AlertView,
    DigestItem,
    Source,
    escape,
    escape_cut,
    flag,
    link,
    render_alert,
    render_digest,
    summarize,
)

HOSTILE = "Leak <!channel> & <@U0BOSS> see <http://evil.test|the memo> > now"


def view(**kw: object) -> AlertView:
    base: dict[str, object] = {
        "type": "new",
        "candidate": "Tim Walz",
        "leader": "Jacinda Ardern",
        "kind": "call",
        "status": "occurred",
        "date": "2023-05-02",
        "country": "NZ",
        "country_name": "New Zealand",
    }
    base.update(kw)
    return AlertView(**base)  # type: ignore[arg-type]


def all_text(blocks: list[dict[str, object]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def test_escape_controls_only() -> None:
    assert escape("a & b <c> *d*") == "a &amp; b &lt;c&gt; *d*"


def test_truncate_never_splits_an_entity() -> None:
    out = escape_cut("x" * 8 + "&&&&", 12)
    assert out.endswith("…") and len(out) <= 12
    assert not re.search(r"&[a-z]*…$", out)


def test_link_cannot_break_out() -> None:
    assert link("https://a.test/x?q=1&r=2", "T|itle <b>") == "<https://a.test/x?q=1&amp;r=2|T¦itle &lt;b&gt;>"
    assert link("https://a.test/x>|<!channel>", "t").count(">") == 1
    assert link("javascript:alert(1)", "label") == "label"


def test_flag() -> None:
    assert flag("NZ") == "🇳🇿" and flag("ps") == "🇵🇸" and flag(None) == "🌐" and flag("Nowhere") == "🌐"


def test_summary_is_the_contact_sentence_and_the_next() -> None:
    text = (
        "Headline\n\nFirst the weather. Then Walz spoke with Ardern by phone on Tuesday. "
        "They discussed farming. Later sentences do not matter."
    )
    assert summarize(text, "Walz spoke with Ardern by phone") == (
        "Then Walz spoke with Ardern by phone on Tuesday. They discussed farming."
    )
    assert summarize(text, "not in the text").startswith("First the weather.")  # type: ignore[union-attr]
    assert summarize(None, "evidence only") == "evidence only"
    # A headline on its own line is not part of the summary; a line break ends a sentence.
    lines = "Walz calls Ardern\nST. PAUL (Wire) - Walz called Ardern on Tuesday\nThey talked for an hour."
    assert summarize(lines, "Walz called Ardern", title="Walz calls Ardern") == (
        "ST. PAUL (Wire) - Walz called Ardern on Tuesday. They talked for an hour."
    )


def test_alert_message_fields_and_escaping() -> None:
    v = view(
        summary=HOSTILE,
        evidence=HOSTILE,
        sources=(
            Source("https://news.test/a", HOSTILE, "Outlet <b>"),
            Source("https://news.test/b", "Plain"),
        ),
    )
    msg = render_alert(v)
    payload = msg.payload()
    assert payload["unfurl_links"] is False and payload["unfurl_media"] is False
    header = msg.blocks[0]
    assert header["type"] == "header" and header["text"]["text"] == "🇳🇿 Tim Walz ⇄ Jacinda Ardern"
    dump = all_text(msg.blocks)
    assert "<!channel>" not in dump and "<@U0BOSS>" not in dump and "<http://evil.test" not in dump
    assert "&lt;!channel&gt;" in dump and "&amp;" in dump
    # the only links are the sources, with escaped labels
    assert re.findall(r"<(https?://[^|>]+)\|", dump) == ["https://news.test/a", "https://news.test/b"]
    assert "Sources (2)" in dump and "2023-05-02" in dump and "New Zealand (NZ)" in dump
    assert msg.text.startswith("New contact: Tim Walz ⇄ Jacinda Ardern (NZ): call, occurred")


def test_update_shows_the_transition() -> None:
    msg = render_alert(view(type="update", status="cancelled", previous_status="planned", kind="meeting"))
    assert "planned → *cancelled*" in all_text(msg.blocks)
    assert msg.text.startswith("Contact update:") and "planned → cancelled" in msg.text


def test_limits_hold_for_huge_inputs() -> None:
    many = tuple(Source(f"https://news.test/{n}", "T" * 500) for n in range(40))
    msg = render_alert(view(leader="L" * 400, summary="s " * 5000, evidence="e" * 9000, sources=many))
    assert len(msg.blocks) <= MAX_BLOCKS
    assert len(msg.blocks[0]["text"]["text"]) <= MAX_HEADER
    for block in msg.blocks:
        texts = [block.get("text", {}).get("text", "")] + [e["text"] for e in block.get("elements", [])]
        texts += [f["text"] for f in block.get("fields", [])]
        assert all(len(t) <= MAX_SECTION for t in texts)
    assert "…and 35 more" in all_text(msg.blocks)


def test_digest_counts_top_events_and_splits() -> None:
    items = [
        DigestItem(
            "Donald Trump",
            f"Leader {n}",
            "meeting",
            "occurred",
            f"2019-{n % 12 + 1:02d}",
            "FR",
            sources=n % 4 + 1,
        )
        for n in range(3000)
    ] + [DigestItem("Kamala Harris", "Leader <x>", "call", "planned", None, None, sources=9)]
    messages = render_digest(items, title="Backfill 2019", max_listed=5000)
    assert len(messages) > 1
    assert all(len(m.blocks) <= MAX_BLOCKS for m in messages)
    first = all_text(messages[0].blocks)
    assert "3001 events found" in first and "Donald Trump*: 3000 (meeting 3000)" in first
    # the most reported event comes first, escaped
    assert first.index("Leader &lt;x&gt;") < first.index("Leader 3*")
    assert messages[0].blocks[0]["text"]["text"].endswith(f"(1/{len(messages)})")
    listed = "".join(all_text(m.blocks) for m in messages)
    assert listed.count("⇄") == 3001


def test_digest_small_is_one_message() -> None:
    messages = render_digest(
        [DigestItem("JD Vance", "Simon Harris", "call", "occurred", "2024-11-13", "IE")], "D"
    )
    assert len(messages) == 1 and "1 events found" in all_text(messages[0].blocks)
