#!/usr/bin/env bash
# Proves the README's recipes as written: on a scratch copy of this repository whose overlays/ is
# the default stack the README describes (test/fixtures/default-stack), applies "Adding a service"
# and "Adding a CronJob" (their YAML blocks, read from README.md, added to overlays/base.yaml) and
# runs the shell block of "Adding an environment"; then synth, `npm run verify` and `npm test` must
# pass there. A second npm test run, not a vitest file: the suite would have to start itself.
# Usage: scripts/ci/readme-recipes.sh   (from anywhere; needs node_modules installed here)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-stack-recipes-XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The working tree as it is (committed or not), without .git; node_modules shared, not reinstalled.
tar -C "$repo" --exclude=./node_modules --exclude=./.git -cf - . | tar -C "$work" -xf -
ln -s "$repo/node_modules" "$work/node_modules"
cd "$work"
rm -rf overlays dist
mkdir overlays
cp test/fixtures/default-stack/*.yaml overlays/

recipe() { node --import tsx scripts/ci/readme-recipe.ts "$@"; }
echo "readme-recipes: Adding a service"
recipe merge "Adding a service" overlays/base.yaml
echo "readme-recipes: Adding a CronJob"
recipe merge "Adding a CronJob" overlays/base.yaml
echo "readme-recipes: Adding an environment"
recipe sh "Adding an environment" | bash -euo pipefail

# The recipes did what the README says they do.
for object in qa/assistant-qa/deployment-search.yaml qa/assistant-qa/cronjob-digest.yaml \
  prod/assistant-prod/networkpolicy-allow-search.yaml prod/assistant-prod/networkpolicy-allow-digest.yaml; do
  test -f "dist/$object" || { echo "readme-recipes: dist/$object was not rendered" >&2; exit 1; }
done

npm run -s verify -- --summary
npm test
echo "readme-recipes: the README's recipes leave npm run verify and npm test green"
