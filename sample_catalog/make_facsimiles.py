#!/usr/bin/env python3
"""Makes the sample catalog's facsimiles: typed pages of a record's text, as an
image (PNG) and as a multi-page PDF. No scans of these documents are available
offline, so these stand in for them and say so on every page.

Needs Pillow (pip install pillow) and the DejaVu fonts (apt-get install
fonts-dejavu-core). Run from the repository root:

    python3 sample_catalog/make_facsimiles.py

then attach the files with `folio attach` (see README.md beside this script).
"""
import re
import sys
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent
OUT = ROOT.parent / "target" / "facsimiles"
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
# A4 at 100 dots per inch; typed in 80 columns.
WIDTH, HEIGHT, MARGIN, COLUMNS, LINES = 827, 1169, 60, 78, 52


def body(record_file: Path) -> str:
    """The body of the record's first text, unescaped from its RON string."""
    ron = record_file.read_text(encoding="utf-8")
    raw = re.search(r'body: r(#+)"(.*?)"\1', ron, re.S)
    if raw:
        return raw.group(2)
    plain = re.search(r'body: "((?:[^"\\]|\\.)*)"', ron, re.S)
    if not plain:
        sys.exit(f"{record_file}: no text body")
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), plain.group(1))


def pages(text: str):
    lines = []
    for paragraph in text.split("\n\n"):
        lines.extend(textwrap.wrap(paragraph, COLUMNS) or [""])
        lines.append("")
    for start in range(0, len(lines), LINES):
        yield lines[start : start + LINES]


def typed_page(lines, number, total, title) -> Image.Image:
    page = Image.new("L", (WIDTH, HEIGHT), 243)
    draw = ImageDraw.Draw(page)
    mono = ImageFont.truetype(MONO, 15)
    banner = ImageFont.truetype(SANS, 13)
    draw.rectangle([0, 0, WIDTH, 34], fill=200)
    draw.text(
        (MARGIN, 10),
        f"FACSIMILE made by Folio from the translation, not a scan - {title} - page {number} of {total}",
        font=banner,
        fill=40,
    )
    y = MARGIN + 20
    for line in lines:
        draw.text((MARGIN, y), line, font=mono, fill=25)
        y += 20
    return page


def facsimile(record: str, title: str):
    text = body(ROOT / "records" / f"{record}.ron")
    laid_out = list(pages(text))
    return [typed_page(p, i + 1, len(laid_out), title) for i, p in enumerate(laid_out)]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    image = facsimile("1963-09-17-report-from-ji-pengfei-on-liu-shaoqis-conversation", "Ji Pengfei report")
    for number, page in enumerate(image, 1):
        page.save(OUT / f"facsimile-page-{number}.png", optimize=True)
    letter = facsimile("wcda-300653", "Nehru letter")
    letter[0].save(
        OUT / "facsimile.pdf",
        save_all=True,
        append_images=letter[1:],
        resolution=100.0,
        quality=45,
    )
    print(f"{OUT}: {len(image)} page images, a PDF of {len(letter)} pages")


if __name__ == "__main__":
    main()
