#!/usr/bin/env python3
"""Build the embedded fallback font of the PDF report: Noto Serif CJK SC (SIL Open Font
License 1.1) subset to GB 2312 — its 6,763 hanzi and 682 symbols — plus ASCII, the
punctuation Chinese reports use and every character of the bundled examples, written
deflate-compressed to
crates/report/fonts/NotoSerifCJKsc-GB2312.otf.deflate.

Needs Debian's fonts-noto-cjk (the source font) and fontTools from PyPI:
    apt-get install fonts-noto-cjk && python3 -m pip install fonttools
    python3 scripts/make-cjk-fallback.py
The output is committed, so a fresh clone builds without either.
"""
import pathlib
import sys
import zlib

from fontTools import subset
from fontTools.ttLib import TTCollection

SRC = pathlib.Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "crates/report/fonts/NotoSerifCJKsc-GB2312.otf.deflate"


def gb2312_chars():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def main():
    coll = TTCollection(str(SRC))
    face = next(f for f in coll.fonts if f["name"].getDebugName(1) == "Noto Serif CJK SC")
    chars = gb2312_chars()
    chars |= {chr(c) for c in range(0x20, 0x7F)}
    # Punctuation and signs that reports use beyond GB 2312.
    chars |= set("‰℃№、。〃〈〉《》「」『』【】〔〕〖〗〝〞－～￥·•…‥—–‘’“”×÷±≤≥≠≈∞√％＋＝＜＞")
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}  # full-width ASCII forms
    chars |= {chr(c) for c in range(0x2460, 0x2474)}  # ①–⑳
    # Every character of the bundled examples and report corpus (names such as 璟 are
    # outside GB 2312), so the shipped examples print completely with the fallback font.
    for pattern in ("examples/**/*.toml", "examples/**/*.txt", "fixtures/corpus/*.txt"):
        for path in ROOT.glob(pattern):
            chars |= {c for c in path.read_text(encoding="utf-8") if ord(c) >= 0x80}
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[ord(c) for c in chars])
    sub.subset(face)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = OUT.with_suffix("")
    face.save(str(tmp))
    raw = tmp.read_bytes()
    tmp.unlink()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(zlib.compress(raw, 9)[2:-4])  # raw deflate stream
    print(f"{len(chars)} characters, {len(raw)} bytes OTF, {OUT.stat().st_size} bytes compressed → {OUT}")


if __name__ == "__main__":
    sys.exit(main())
