#!/bin/sh
# Cut Noto Nastaliq Urdu down to the letters, digits and punctuation Urdu pages use (one
# weight: bold is synthesised), keeping every OpenType layout feature Nastaliq needs.
# Latin letters and digits are left to the system font (css/urdu.css: [dir="ltr"]).
# Run from this folder after refresh.sh: needs fonttools (pip install fonttools brotli).
set -eu
cd "$(dirname "$0")"
pyftsubset noto-nastaliq-urdu-arabic-400-normal.woff2 \
  --unicodes="U+0020-0021,U+0028-0029,U+002C-002E,U+003A,U+00A0,U+060C,U+061B,U+061F,U+0621-063A,U+0640-0655,U+0670,U+0679,U+067E,U+0686,U+0688,U+0691,U+0698,U+06A9,U+06AF,U+06BA,U+06BE,U+06C1-06C3,U+06CC,U+06D2-06D4,U+06F0-06F9,U+200C-200F" \
  --layout-features='*' --flavor=woff2 \
  --output-file=noto-nastaliq-urdu-subset-400.woff2
