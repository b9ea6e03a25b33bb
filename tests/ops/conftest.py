import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def built_static(tmp_path_factory) -> Path:
    """Static files built by the image's own script (.docker/build-static.sh), as the image
    does: production settings, the manifest storage, checked."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    env = {**os.environ, "STATIC_ROOT": str(static_root), "PYTHON": sys.executable}
    env.pop("DEBUG", None)
    result = subprocess.run(
        ["/bin/sh", ".docker/build-static.sh"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (static_root / "staticfiles.json").is_file()
    return static_root
