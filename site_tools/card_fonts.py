"""Make the share cards' fonts (plugins/share_cards/fonts/) from Noto's OFL releases.

``python -m site_tools.card_fonts FOLDER`` reads the fonts unpacked in FOLDER (Debian's
``fonts-noto-core`` and ``fonts-noto-cjk``, ``apt-get download`` then ``dpkg -x``, and the npm
package ``@expo-google-fonts/noto-emoji``) and writes subsets without hinting: Noto Sans for
Latin, Greek and Cyrillic; Arabic and Hebrew whole; CJK for the common characters of
Chinese, Japanese and Korean (below); Noto Emoji whole. Run again only to update them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

TARGET = Path(__file__).resolve().parent.parent / "plugins" / "share_cards" / "fonts"
EUROPEAN = [
    (0x0020, 0x024F),  # Basic Latin, Latin-1, Latin Extended-A and -B
    (0x0250, 0x036F),  # IPA, spacing modifiers, combining diacritics
    (0x0370, 0x052F),  # Greek, Cyrillic and its supplement
    (0x1E00, 0x1FFF),  # Latin Extended Additional (Vietnamese), Greek Extended
    (0x2000, 0x206F),  # General Punctuation
    (0x20A0, 0x20CF),  # currency signs
    (0x2100, 0x218F),  # letterlike symbols, number forms
    (0x2190, 0x21FF),  # arrows
]
CJK_BLOCKS = [
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # hiragana and katakana
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0xFF00, 0xFFEF),  # half-width and full-width forms
]
CJK_FACE = 2  # "Noto Sans CJK SC Bold" in NotoSansCJK-Bold.ttc


def legacy_set(encoding: str, leads: range, trails: range) -> set[int]:
    """The characters of a national standard's double-byte rows, through Python's codec."""
    found = set()
    for lead in leads:
        for trail in trails:
            try:
                found.add(ord(bytes([lead, trail]).decode(encoding)))
            except UnicodeDecodeError:
                continue
    return found


def common_cjk() -> set[int]:
    """GB 2312 level 1 (3,755 Hanzi), JIS X 0208 level 1 (2,965 Kanji) and KS X 1001's 2,350
    Hangul syllables, with kana and CJK punctuation: 2.6 MB (Big5's 5,401 frequent
    characters would add 1.3 MB)."""
    chars = legacy_set("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    chars |= legacy_set("euc_jp", range(0xB0, 0xD0), range(0xA1, 0xFF))
    chars |= legacy_set("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))
    for low, high in CJK_BLOCKS:
        chars.update(range(low, high + 1))
    return chars


def write_subset(font: TTFont, unicodes: set[int] | None, name: str) -> None:
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"]  # kerning, ligatures, Arabic joining, emoji sequences
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    wanted = set(font.getBestCmap()) if unicodes is None else unicodes
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    font.save(TARGET / name, reorderTables=True)


def main(folder: Path) -> None:
    noto = folder / "usr/share/fonts/truetype/noto"
    european = {c for low, high in EUROPEAN for c in range(low, high + 1)}
    for weight in ("Regular", "Bold"):
        write_subset(TTFont(noto / f"NotoSans-{weight}.ttf"), european, f"NotoSans-{weight}.ttf")
    for script in ("Arabic", "Hebrew"):
        name = f"NotoSans{script}-Bold.ttf"
        write_subset(TTFont(noto / name), None, name)
    cjk = TTCollection(folder / "usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
    write_subset(cjk.fonts[CJK_FACE], common_cjk(), "NotoSansCJKsc-Bold-common.otf")
    emoji = TTFont(folder / "package/700Bold/NotoEmoji_700Bold.ttf")
    write_subset(emoji, None, "NotoEmoji-Bold.ttf")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
