#!/usr/bin/env bash
# Runs the docs/benchmarks.md "GPT-2 train and decode vs PyTorch" set: config A three times (ours, PyTorch,
# alternating), then GPT-2 small once each side. Prints `uptime` before every run and /usr/bin/time's CPU seconds
# (user + sys) after it, so figures from a shared machine can be judged. Usage: bench/run_gpt2_vs_torch.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
a=(--config bench/configs/config_a.json --batch 16 --seq 112 --gen 48)
s=(--config bench/configs/gpt2_small.json --batch 8 --seq 112 --gen 48 --steps 1)
./rarlhf info > /dev/null # build first, outside the timings
one() { echo "== $1 | $(uptime)"; shift; /usr/bin/time -f "cpu_s %U user + %S sys, wall %e s" "$@"; }
for r in $(seq "$runs"); do
  one "ours A run $r" ./rarlhf bench "${a[@]}" --json
  one "torch A run $r" /usr/bin/python3 bench/torch_reference.py "${a[@]}"
done
one "ours gpt2-small" ./rarlhf bench "${s[@]}" --json
one "torch gpt2-small" /usr/bin/python3 bench/torch_reference.py "${s[@]}"
echo "== done | $(uptime)"
