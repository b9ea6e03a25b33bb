#!/bin/sh
# Collect and check the static files with production settings (DEBUG off, the manifest storage
# the app serves with). The image runs this at build time; tests/ops/test_image.py runs it too.
set -eu
cd "$(dirname "$0")/.."
export DEBUG=""
export SECRET_KEY="${SECRET_KEY:-build-time-only-never-used-to-serve}"
python="${PYTHON:-python}"
"$python" manage.py collectstatic --no-input --clear --verbosity 0
"$python" manage.py check_static
