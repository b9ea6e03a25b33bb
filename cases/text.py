"""Folding names for search: case, accents and the Urdu/Arabic letter variants."""

import re
import unicodedata

# Arabic-script letters typed in more than one way on Pakistani keyboards and phones.
_URDU_VARIANTS = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh -> Farsi/Urdu yeh
        "\u0649": "\u06cc",  # alef maksura -> yeh
        "\u06d2": "\u06cc",  # yeh barree -> yeh
        "\u0643": "\u06a9",  # Arabic kaf -> keheh
        "\u0647": "\u06c1",  # heh -> heh goal
        "\u06d5": "\u06c1",  # ae -> heh goal
        "\u0629": "\u06c1",  # teh marbuta -> heh goal
        "\u0623": "\u0627",  # alef with hamza -> alef
        "\u0625": "\u0627",
        "\u0622": "\u0627",  # alef madda -> alef
        "\u0640": None,  # tatweel
    }
)
_SPACES = re.compile(r"\s+")


def normalise_for_search(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.translate(_URDU_VARIANTS)).strip()


def digits_only(text: str) -> str:
    """ASCII digits of `text`, Urdu (Extended Arabic-Indic) digits included."""
    return "".join(str(unicodedata.digit(ch)) for ch in text if ch.isdigit())


_WORDS = re.compile(r"\w+")
# Hex digits of a token's keyed hash kept in the stored list: 64 bits, never a collision among
# names, and a quarter of the full hash's size.
TOKEN_HEX = 16


def name_tokens(text: str) -> list[str]:
    """The words of a name as search folds them, each once, in order."""
    return list(dict.fromkeys(_WORDS.findall(normalise_for_search(text))))


def token_hash(token: str) -> str:
    from coalition.crypto import keyed_hash

    return keyed_hash("name_token", token)[:TOKEN_HEX]


def name_token_hashes(text: str) -> list[str]:
    return [token_hash(token) for token in name_tokens(text)]
