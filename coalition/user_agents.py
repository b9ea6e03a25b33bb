"""A browser's User-Agent header reduced to its browser's and system's names, for the list of a
person's own sessions: enough to recognise one's phone or office computer, nothing that
fingerprints it (no versions, no device model)."""

import re

# Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
BROWSERS = (
    ("Edge", re.compile(r"\bEdg(e|A|iOS)?/")),
    ("Opera", re.compile(r"\b(OPR|Opera)/")),
    ("Samsung Internet", re.compile(r"\bSamsungBrowser/")),
    ("Firefox", re.compile(r"\b(Firefox|FxiOS)/")),
    ("Chrome", re.compile(r"\b(Chrome|CriOS|Chromium)/")),
    ("Safari", re.compile(r"\bSafari/")),
)
SYSTEMS = (
    ("Android", re.compile(r"\bAndroid\b")),
    ("iOS", re.compile(r"\b(iPhone|iPad|iPod)\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("macOS", re.compile(r"\bMac OS X\b|\bMacintosh\b")),
    ("Linux", re.compile(r"\bLinux\b")),
)


def summarise(user_agent: str) -> dict[str, str]:
    """{"browser": "Chrome", "system": "Android"}; "" for what is not recognised."""
    user_agent = user_agent[:512]
    return {
        "browser": next((name for name, rx in BROWSERS if rx.search(user_agent)), ""),
        "system": next((name for name, rx in SYSTEMS if rx.search(user_agent)), ""),
    }
