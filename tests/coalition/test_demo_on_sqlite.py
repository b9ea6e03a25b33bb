"""`make run` runs the demo on SQLite: every migration applies there and the demo loads."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_migrates_and_loads_on_sqlite(tmp_path):
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "DEBUG": "1",
        "REDIS_URL": "",
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "media"),
    }
    for command in (["migrate", "--no-input"], ["seed_demo", "--cases", "30"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]
