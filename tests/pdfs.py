"""Reading a PDF's embedded fonts back: whether each glyph drawn is one the font holds."""

import io
import re

from fontTools.ttLib import TTFont
from pypdf import PdfReader

BFCHAR = re.compile(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")


def widths(descendant) -> dict[int, float]:
    """The advance of each glyph as the PDF's layout measured it (the /W array)."""
    found, items, i = {}, list(descendant.get("/W", [])), 0
    while i < len(items):
        first, second = int(items[i]), items[i + 1]
        if isinstance(second, list):
            found.update({first + k: float(w) for k, w in enumerate(second)})
            i += 2
        else:
            found.update({gid: float(items[i + 2]) for gid in range(first, int(second) + 1)})
            i += 3
    return found


def drawn_characters(font) -> dict[int, str]:
    """Glyph number -> the character it stands for, from the font's ToUnicode map."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    return {
        int(gid, 16): bytes.fromhex(text).decode("utf-16-be")
        for gid, text in BFCHAR.findall(cmap)
        if text
    }


def glyph_problems(content: bytes, characters: str) -> list[str]:
    """Each glyph drawn for one of `characters` that the embedded font lacks, or whose outline is
    not the one the layout measured (its advance differs from the embedded font's)."""
    problems, seen = [], set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            name = str(font["/BaseFont"])
            if name in seen:
                continue
            seen.add(name)
            descendant = font["/DescendantFonts"][0].get_object()
            file = descendant["/FontDescriptor"].get_object().get("/FontFile2")
            embedded = TTFont(io.BytesIO(file.get_object().get_data()))
            order, scale = embedded.getGlyphOrder(), 1000 / embedded["head"].unitsPerEm
            measured = widths(descendant)
            for gid, text in drawn_characters(font).items():
                if not set(text) & set(characters):
                    continue
                if gid >= len(order):
                    problems.append(f"{name}: {text!r} is glyph {gid}, beyond the font")
                    continue
                glyph = embedded["glyf"][order[gid]]
                advance = embedded["hmtx"][order[gid]][0] * scale
                if glyph.numberOfContours == 0 or abs(advance - measured.get(gid, advance)) > 1:
                    problems.append(f"{name}: {text!r} drawn with another font's glyph {gid}")
    return problems
