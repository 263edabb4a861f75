"""Every input format, and every kind of bad input, read into Articles or one clear error each."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dyadwatch.clean.dedupe import Deduplicator, content_id
from dyadwatch.clean.language import detect_language
from dyadwatch.errors import InputError
from dyadwatch.model import Article
from dyadwatch.readers import detect_format, read_inputs
from dyadwatch.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HTML = FIXTURES / "html" / "kyiv_talks.html"
BODY = (
    "Ministers from both countries met in Ankara on Monday to discuss the reopening of the border crossing, "
    "officials said. The talks lasted several hours and ended with a joint statement.\n\n"
    "The foreign ministers agreed to meet again next month, according to a statement released after the meeting."
)


def read(paths: list[str], **kw) -> tuple[list[Article], list[InputError]]:
    arts, errs = [], []
    for item in read_inputs(paths, settings=Settings(**kw)):
        (errs if isinstance(item, InputError) else arts).append(item)
    return arts, errs


def write_warc(path: Path, pages: list[tuple[str, str]], *, truncate: int | None = None) -> None:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for uri, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(html.encode()), http_headers=headers)
        writer.write_record(rec)
    data = buf.getvalue()
    path.write_bytes(data[:truncate] if truncate else data)


def test_html_page_gives_title_author_date_captions_and_body():
    (a,), errs = read([str(HTML)])
    assert not [e for e in errs if not e.warning]
    assert a.title.startswith("Ukraine and Poland agree grain transit deal")
    assert a.author == "Marta Kowal"
    assert a.published.isoformat() == "2024-03-28T09:30:00+01:00"
    assert a.captions and "Dorohusk" in a.captions[0]
    assert "Dorohusk" not in a.body
    assert a.body.startswith("WARSAW")
    assert len(a.paragraphs) == 4
    assert "cookies" not in a.body.lower()


def test_warc_response_records_become_articles_with_their_urls(tmp_path):
    html = HTML.read_text()
    warc = tmp_path / "crawl.warc"
    write_warc(warc, [("https://example.test/a", html), ("https://example.test/b", html.replace("Thursday", "Friday"))])
    arts, _ = read([str(warc)])
    assert [a.url for a in arts] == ["https://example.test/a", "https://example.test/b"]
    assert all(a.input_format == "warc" for a in arts)


def test_truncated_warc_keeps_earlier_records_and_reports_the_damage(tmp_path):
    html = HTML.read_text()
    whole = tmp_path / "whole.warc"
    write_warc(whole, [("https://example.test/a", html), ("https://example.test/b", html)])
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole.read_bytes()[: int(whole.stat().st_size * 0.7)])
    arts, errs = read([str(cut)])
    assert len(arts) == 1
    assert any("WARC" in e.render() and "cut.warc" in e.render() for e in errs)


def test_rss_items_with_content_become_articles(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire World</title>
<item><title>Talks in Ankara</title><link>https://example.test/1</link><author>Ana Costa</author>
<pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate><description><![CDATA[<p>{BODY}</p>]]></description></item>
<item><title>No content</title><link>https://example.test/2</link></item>
</channel></rss>""")
    arts, errs = read([str(feed)])
    assert len(arts) == 1
    assert arts[0].url == "https://example.test/1"
    assert arts[0].published.isoformat() == "2024-03-04T10:00:00+00:00"
    assert arts[0].publisher == "Wire World"
    assert any("no content" in e.render() for e in errs)


def test_atom_feed_is_detected_by_content(tmp_path):
    feed = tmp_path / "feed.txt"
    feed.write_text(f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title>Talks</title><link href="https://example.test/x"/><updated>2024-03-04T10:00:00Z</updated>
<summary>{BODY}</summary></entry></feed>""")
    arts, _ = read([str(feed)])
    assert len(arts) == 1 and arts[0].input_format == "feed"


def test_jsonl_lines_become_articles_and_a_bad_line_is_named(tmp_path):
    f = tmp_path / "items.jsonl"
    f.write_text(json.dumps({"text": BODY, "title": "T", "published": "2024-03-04T10:00:00Z", "url": "u1"}) + "\n"
                 + "{not json\n"
                 + json.dumps({"html": HTML.read_text(), "url": "u2"}) + "\n")
    arts, errs = read([str(f)])
    assert [a.url for a in arts] == ["u1", "u2"]
    assert any("line 2" in e.render() and "items.jsonl" in e.render() for e in errs)


def test_gzip_and_folders_and_globs_are_read(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt.gz").write_bytes(gzip.compress(("Headline about talks\n\n" + BODY).encode()))
    (tmp_path / "b.txt").write_text("Another headline here\n\n" + BODY.replace("Ankara", "Baku"))
    folder_arts, _ = read([str(tmp_path)])
    glob_arts, _ = read([str(tmp_path / "*.txt")])
    assert len(folder_arts) == 2
    assert len(glob_arts) == 1


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("empty.txt", b"   \n", "empty"),
        ("report.pdf", b"%PDF-1.7\n%binary", "PDF"),
        ("photo.png", b"\x89PNG\r\n\x1a\nxxxx", "PNG"),
        ("blob.bin", b"abc\x00\x01\x02" * 50, "binary"),
        ("feed.xml", b"<?xml version='1.0'?><rss><channel><item><title>x", "feed"),
    ],
)
def test_bad_inputs_get_one_clear_error_naming_the_file(tmp_path, name, data, words):
    f = tmp_path / name
    f.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text("A headline on talks\n\n" + BODY)
    arts, errs = read([str(f), str(good)])
    assert len(arts) == 1, "the run goes on with the other inputs"
    assert len(errs) == 1
    msg = errs[0].render()
    assert name in msg and words.lower() in msg.lower()
    assert ";" in msg, "the message says what to do"


def test_missing_path_and_empty_glob_are_reported(tmp_path):
    arts, errs = read([str(tmp_path / "nope.txt"), str(tmp_path / "*.html")])
    assert not arts
    assert "no such file" in errs[0].render() and "matches no files" in errs[1].render()


def test_file_over_the_size_limit_is_skipped(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text("Headline\n\n" + BODY * 50)
    arts, errs = read([str(f)], max_bytes=1000)
    assert not arts and "limit" in errs[0].render()


def test_windows_1252_text_is_detected_and_decoded(tmp_path):
    f = tmp_path / "cp.txt"
    text = "Minister’s visit to Côte d’Ivoire\n\n" + BODY.replace("officials said", "officials said – “a success”")
    f.write_bytes(text.encode("cp1252"))
    (a,), errs = read([str(f)])
    assert "“a success”" in a.body
    assert a.title == "Minister’s visit to Côte d’Ivoire"
    assert any(e.warning and "windows-1252" in e.render() for e in errs)


def test_invalid_utf8_is_replaced_with_a_warning(tmp_path):
    f = tmp_path / "bad.txt"
    f.write_bytes(("Ministers’ talks in Ankara\n\n" + BODY).encode("utf-8") + b" broken \xff\xfe byte.")
    (a,), errs = read([str(f)])
    assert "\ufffd" in a.body
    assert any(e.warning and "UTF-8" in e.render() for e in errs)


def test_truncated_html_is_read_with_a_warning(tmp_path):
    f = tmp_path / "cut.html"
    html = HTML.read_text()
    f.write_text(html[: html.index("Farmers")])
    (a,), errs = read([str(f)])
    assert "Shmyhal" in a.body
    assert any("truncated" in e.render() for e in errs)


def test_non_english_article_is_kept_with_its_language_and_not_coded(tmp_path):
    f = tmp_path / "fr.txt"
    f.write_text("Les ministres se rencontrent à Ankara\n\nLes ministres des deux pays se sont rencontrés lundi à Ankara pour "
                 "discuter de la réouverture du poste frontière, selon des responsables. Les discussions ont duré plusieurs "
                 "heures et se sont terminées par une déclaration commune des deux gouvernements.")
    (a,), errs = read([str(f)])
    assert a.language == "fr" and not a.codable
    assert any("not English" in e.render() for e in errs)


def test_format_is_detected_by_content_not_extension():
    assert detect_format(b"WARC/1.0\r\n", "x.txt") == "warc"
    assert detect_format(b"<!DOCTYPE html><html><body><p>x</p>", "x.txt") == "html"
    assert detect_format(b'{"text": "x"}\n', "x.txt") == "jsonl"
    assert detect_format(b"Just a headline\n\nAnd text.", "x.html") == "html"


def test_exact_and_near_duplicates_point_at_the_first_copy():
    d = Deduplicator(threshold=0.7)
    long_body = " ".join(f"sentence number {i} about the talks between the two ministers in Ankara." for i in range(40))
    first = content_id(long_body)
    assert d.check(first, long_body) is None
    assert d.check(first, long_body) == first
    trimmed = long_body[: int(len(long_body) * 0.85)]
    assert d.check(content_id(trimmed), trimmed) == first
    other = " ".join(f"a completely different story {i} on weather in the alps and the snow." for i in range(40))
    assert d.check(content_id(other), other) is None


def test_content_id_ignores_whitespace_and_quote_style():
    assert content_id("Putin’s  visit\n") == content_id("putin's visit")


@pytest.mark.parametrize(("text", "language"), [
    ("The minister said on Monday that the talks would go on for another week in the capital. " * 3, "en"),
    ("Le président a rencontré les ministres de la défense et de l'intérieur pour discuter de la situation.", "fr"),
    ("Президент встретился с министрами обороны и внутренних дел, чтобы обсудить положение.", "ru"),
    ("国家主席与国防部长和内政部长会面，讨论了局势的发展和下一步的计划。", "zh"),
    ("大統領は国防大臣と内務大臣に会い、状況について話し合いました。これからも続けます。", "ja"),
    ("التقى الرئيس بوزيري الدفاع والداخلية لمناقشة الوضع في البلاد والخطوات التالية", "ar"),
    ("Too short.", None),
])
def test_language_is_told_by_script_or_function_words(text, language):
    assert detect_language(text) == language
