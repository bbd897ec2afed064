"""A short, human description of the device behind a request ("Firefox · Android").

Only this summary is stored, never the full user-agent string: enough for a person to
recognize their phone or office computer in "My sign-ins", too little to fingerprint them.
Order matters in both tables: many browsers also claim to be Chrome and Safari, and Android
claims to be Linux.
"""

from __future__ import annotations

BROWSERS = [
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
]
SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "Mac"),
    ("Mac OS X", "Mac"),
    ("Linux", "Linux"),
]
MAX_LENGTH = 80


def describe(user_agent: str) -> str:
    """Return e.g. "Safari · iPhone", "Firefox", "Windows"; "" if nothing is recognized.

    Browser and system names are the same in every language, so the summary needs no
    translation.
    """
    browser = next((name for token, name in BROWSERS if token in user_agent), "")
    system = next((name for token, name in SYSTEMS if token in user_agent), "")
    if browser and system:
        return f"{browser} · {system}"[:MAX_LENGTH]
    return browser or system
