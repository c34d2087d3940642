#!/usr/bin/env python3
"""Rebuild or check the texts of solieu's real-press development set.

The excerpts are third-party text, so git holds only where they come from
(sources.tsv: address, sha256, length, first and last words) and their gold
annotations (gold.jsonl). This script fetches each page again, finds the
excerpt in it by its first and last words, checks its sha256 and writes it to
texts/ (git-ignored).

usage: devset/fetch.py            fetch every missing text (needs network)
       devset/fetch.py --check    only check the texts already in texts/
       devset/fetch.py --force    fetch again even where a text is present
       devset/fetch.py --paste FILE < page.txt
                                  take the page's text from stdin instead of
                                  the network (a copy saved by hand or from a
                                  page archive), cut the excerpt for FILE out
                                  of it and write it if its sha256 verifies
       --set DIR                  work on another set folder with the same
                                  layout (sources.tsv, texts/), e.g. checkset3

The sha256 is taken over the excerpt with every run of whitespace made one
space, so a page whose markup breaks lines differently still verifies. Line
breaks of a fetched text follow the page's block elements (paragraphs,
headings, list items, line breaks). A page that changed or went away is
reported and left out; the scores then cover the texts that verify.
Standard library only.
"""
import csv
import hashlib
import html.parser
import os
import sys
import unicodedata
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
if "--set" in sys.argv:
    HERE = os.path.abspath(sys.argv[sys.argv.index("--set") + 1])
TEXTS = os.path.join(HERE, "texts")
BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
          "article", "header", "footer", "blockquote", "figcaption", "ul", "ol", "table"}
SKIP = {"script", "style", "noscript", "template", "svg", "head"}


class Text(html.parser.HTMLParser):
    """Visible text of a page, a line per block element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIP and self.skipping:
            self.skipping -= 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)

    def text(self):
        lines = (" ".join(l.split()) for l in "".join(self.parts).split("\n"))
        return "\n".join(l for l in lines if l)


def collapse(t):
    return " ".join(t.split())


def digest(t):
    return hashlib.sha256(collapse(t).encode("utf-8")).hexdigest()


def fetch(url):
    req = urllib.request.Request(url, headers={"User-Agent": "Mozilla/5.0 (solieu devset)"})
    with urllib.request.urlopen(req, timeout=30) as r:
        raw = r.read()
        charset = r.headers.get_content_charset() or "utf-8"
    page = Text()
    page.feed(raw.decode(charset, errors="replace"))
    return unicodedata.normalize("NFC", page.text())


def excerpt(page, row):
    """The excerpt of `page` that starts with the row's first words and ends
    with its last words, with the page's line breaks."""
    lines = [collapse(l) for l in page.split("\n") if l.strip()]
    flat = " ".join(lines)
    first, last, n = row["first_words"], row["last_words"], int(row["chars"])
    start = flat.find(first)
    while start >= 0:
        # The last words may occur more than once inside the excerpt: try
        # every occurrence near the excerpt's length.
        end = flat.find(last, start)
        while 0 <= end and end + len(last) - start <= n + n // 10 + 10:
            stop = end + len(last)
            if abs(stop - start - n) <= n // 10 + 10:
                if hashlib.sha256(flat[start:stop].encode("utf-8")).hexdigest() == row["sha256"]:
                    return cut(lines, start, stop)
            end = flat.find(last, end + 1)
        start = flat.find(first, start + 1)
    return None


def cut(lines, start, end):
    """The part start..end of the lines joined by spaces, a line each."""
    out, pos = [], 0
    for line in lines:
        a, b = pos, pos + len(line)
        piece = line[max(start, a) - a:min(end, b) - a] if a < end and b > start else ""
        if piece.strip():
            out.append(piece.strip())
        pos = b + 1
    return "\n".join(out)


def paste(rows, name):
    """Cut the excerpt for `name` out of a page text given on stdin."""
    row = next((r for r in rows if r["file"] == name), None)
    if row is None:
        sys.exit(f"{name}: not in {os.path.join(HERE, 'sources.tsv')}")
    page = unicodedata.normalize("NFC", sys.stdin.read())
    text = excerpt(page, row)
    if text is None:
        sys.exit(f"{name}: the excerpt (sha256 {row['sha256'][:12]}…) is not in the text given")
    with open(os.path.join(TEXTS, name), "w", encoding="utf-8") as f:
        f.write(text + "\n")
    print(f"verified {name}")


def main():
    check_only = "--check" in sys.argv
    force = "--force" in sys.argv
    os.makedirs(TEXTS, exist_ok=True)
    rows = list(csv.DictReader(open(os.path.join(HERE, "sources.tsv"), encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
    if "--paste" in sys.argv:
        return paste(rows, sys.argv[sys.argv.index("--paste") + 1])
    ok = missing = bad = 0
    for row in rows:
        path = os.path.join(TEXTS, row["file"])
        if os.path.exists(path) and not force:
            if digest(open(path, encoding="utf-8").read()) == row["sha256"]:
                ok += 1
            else:
                bad += 1
                print(f"changed  {row['file']}")
            continue
        if check_only:
            missing += 1
            print(f"missing  {row['file']}")
            continue
        try:
            text = excerpt(fetch(row["url"]), row)
        except Exception as e:  # network, HTTP, decoding: report and go on
            text = None
            print(f"failed   {row['file']}: {e}")
        if text is None:
            missing += 1
            print(f"notfound {row['file']} {row['url']}")
            continue
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        ok += 1
    print(f"{ok} verified, {missing} missing, {bad} changed, of {len(rows)}")
    sys.exit(0 if missing == 0 and bad == 0 else 1)


if __name__ == "__main__":
    main()
