"""Charts with Chinese labels: matplotlib's default font has no Chinese glyphs, so every unit and
item name would be drawn as empty boxes (with a "Glyph missing" warning per character).
``use_chinese_font()`` puts an installed font that has them first in matplotlib's sans-serif list.

    >>> import kaohe.plotting
    >>> kaohe.plotting.use_chinese_font()    # once, before drawing
    'Noto Sans CJK SC'
"""

from typing import List, Optional

# Fonts with simplified Chinese glyphs, most common first: Linux (Noto, Source Han, WenQuanYi),
# Windows (Microsoft YaHei, SimHei), macOS (PingFang, Heiti).
CHINESE_FONTS: List[str] = [
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Noto Sans CJK JP",
]


def chinese_font() -> Optional[str]:
    """The first installed font of ``CHINESE_FONTS``, or None."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CHINESE_FONTS if name in installed), None)


def use_chinese_font() -> str:
    """Makes matplotlib draw Chinese with an installed font and returns its name; raises
    RuntimeError naming fonts to install when there is none."""
    import matplotlib

    font = chinese_font()
    if font is None:
        raise RuntimeError(
            "no font with Chinese glyphs is installed for matplotlib; install one (Debian/Ubuntu: "
            "apt install fonts-noto-cjk; elsewhere Noto Sans CJK SC or Source Han Sans SC), then "
            "restart the kernel (matplotlib lists fonts once)"
        )
    matplotlib.rcParams["font.sans-serif"] = [font, *matplotlib.rcParams["font.sans-serif"]]
    matplotlib.rcParams["font.family"] = "sans-serif"
    # The minus sign of the default font's glyph set, which CJK fonts may lack.
    matplotlib.rcParams["axes.unicode_minus"] = False
    return font
