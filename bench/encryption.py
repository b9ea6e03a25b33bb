"""What encryption at rest costs the case list: CPU time to decrypt one page's names.

A page of the case list shows 25 to 50 rows, each with a name and an alias to decrypt (the
other list columns are plain). This times that decryption, and the keyed hashing of a
search's words, on this machine; no database is needed.

    .venv/bin/python bench/encryption.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalition.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from cases.text import name_token_hashes  # noqa: E402
from coalition.crypto import decrypt, encrypt  # noqa: E402

ROUNDS = 2000


def per_call_ms(function, rounds: int = ROUNDS) -> float:
    function()  # warm up (the key is derived and cached on first use)
    started = time.process_time()
    for _ in range(rounds):
        function()
    return (time.process_time() - started) * 1000 / rounds


def main() -> None:
    for rows in (25, 50):
        page = [(encrypt("Allah Ditta Yousafzai"), encrypt("Ditta")) for _ in range(rows)]
        cost = per_call_ms(lambda page=page: [(decrypt(n), decrypt(a)) for n, a in page])
        print(f"decrypt a page of {rows} rows (name and alias): {cost:.3f} ms CPU")
    print(f"encrypt one value: {per_call_ms(lambda: encrypt('35202-1234567-1')) * 1000:.1f} us")
    words = per_call_ms(lambda: name_token_hashes("عائشہ بی بی Ayesha"))
    print(f"hash the words of a search (4 words): {words * 1000:.1f} us")


if __name__ == "__main__":
    main()
