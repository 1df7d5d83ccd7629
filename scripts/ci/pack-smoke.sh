#!/usr/bin/env bash
# The packed tool works from an empty folder, as an adopter installs it: `npm pack`, install the
# tarball into a fresh folder that holds nothing else, then init, synth, check and diff there.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tarball="$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -n 1)"
cd "$work" && mkdir gitops && cd gitops
npm init -y > /dev/null
npm install --no-audit --no-fund --silent "$work/$tarball"
npx cdk8s-stack init --name shop
grep -q 'schema=../node_modules/cdk8s-stack/schema/overlay.schema.json' overlays/base.yaml
npx cdk8s-stack synth
npx cdk8s-stack check
npx cdk8s-stack diff --summary
echo "pack-smoke: ok ($tarball)"
