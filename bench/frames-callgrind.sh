#!/usr/bin/env bash
# Counts the instructions of one frame benchmark op with valgrind's
# callgrind, which is repeatable on a shared, noisy machine where times are
# not: each benchmark runs twice (100 and 300 ops) and the difference over
# 200 ops cancels the setup.
#   bench/frames-callgrind.sh ['StepFrame/t=10$' …]   (a few minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/model.test
go test -c -o "$bin" ./model/
benches=("$@")
[ ${#benches[@]} -gt 0 ] || benches=('StepFrame/t=10$' 'StepFrame/t=1000$' 'StepFrame/t=10000$' \
  'StepFrame/scratch/t=1000$' 'StepFrame/colour/t=1000$' 'StepFrame/convergence/t=1000$' \
  'StepFrame/convergence/t=10000$' 'IdleFrame$')
count() {
  GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" -test.run '^$' \
    -test.bench "$1" -test.benchtime "$2x" -test.cpu 1 2>&1 | awk '/Collected/ {print $4}'
}
echo "| benchmark | instructions per op |"
echo "|---|---:|"
for b in "${benches[@]}"; do
  lo=$(count "$b" 100 || true); hi=$(count "$b" 300 || true)
  if [ -z "$lo" ] || [ -z "$hi" ]; then
    printf '| %s | valgrind failed; run again |\n' "${b%\$}"
  else
    printf '| %s | %s |\n' "${b%\$}" "$(( (hi - lo) / 200 ))"
  fi
done
