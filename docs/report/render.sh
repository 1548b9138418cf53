#!/usr/bin/env bash
# Renders the shipped scenario's HTML report in headless Chromium to docs/report/jilin-2030.png
# (the top of the page, shown in the README) and, for a look at the print layout, to
# /tmp/jilin-2030-report.pdf. Needs chromium (Debian: apt-get install chromium fonts-noto-cjk)
# and python3. Run from anywhere: bash docs/report/render.sh (CHAINSIM=path/to/chainsim uses
# that binary instead of building the release one).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ -z "${CHAINSIM:-}" ]; then
    cargo build -q --release --bin chainsim
    CHAINSIM=target/release/chainsim
fi
"$CHAINSIM" simulate scenarios/jilin-2030.toml --out "$out/run" \
    --report "$out/run/report.html" > /dev/null
python3 tests/browser/check_report.py "$out/run/report.html" \
    --png docs/report/jilin-2030.png --png-height 1400 \
    --pdf /tmp/jilin-2030-report.pdf > "$out/page.json"
python3 - "$out/page.json" <<'PY'
import json, sys
page = json.load(open(sys.argv[1]))
problems = page["console_errors"] + page["overlaps"] + page["outside"]
if problems:
    sys.exit(f"the page does not read well: {problems}")
print(f"docs/report/jilin-2030.png: {len(page['sections'])} sections, {len(page['targets'])} targets, {page['charts']} charts")
PY
