#!/usr/bin/env bash
# The paper preset on one machine with GNU parallel (Debian's `parallel`): N shards, J at a
# time (default 8 and 2: the 2-core reference machine, one tfjs thread per job), then the
# merge (only when every shard succeeded; shard files are written whole or not at all, so a
# failed shard can be rerun alone with its `--shard i/N` line). Each shard's log and
# parallel's joblog go to out/paper-run/. Usage: tools/parallel/figures_paper.sh [N] [J]
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
N="${1:-8}" J="${2:-2}"
mkdir -p out/paper-run
export TFJS_THREADS="${TFJS_THREADS:-1}" NO_COLOR=1
start=$(date +%s)
parallel -j "$J" --joblog out/paper-run/joblog.tsv \
  "npx deno task figures --preset paper --shard {}/$N --out out/paper-shards > out/paper-run/shard-{}.log 2>&1" \
  ::: $(seq 0 $((N - 1)))
rc=$?
echo "shards: exit $rc, $(($(date +%s) - start)) s (logs: out/paper-run/)"
((rc == 0)) || exit "$rc"
npx deno task figures --merge out/paper-shards --out out/paper-figures
echo "total: $(($(date +%s) - start)) s"
