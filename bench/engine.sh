#!/usr/bin/env bash
# Times one optimizer step three ways on one machine in one run, and prints
# Markdown tables of medians and ratios:
#   Go       BenchmarkStep: Optimizer.Step, as the race and the tables call it
#   minimal  BenchmarkMinimalLoop: the same update hand-written, same roundings,
#            its state in registers (the speed limit of the arithmetic), and
#            …/in-state, the same loop keeping its state in a State in memory
#   Python   the lecture's own loops in pure Python (bench/lecture.py bench)
# and, in a table of its own, BenchmarkStep2D: Optimizer.Step on the 2-D
# bowl x² + 10y², both coordinates, in the lecture's loop shape.
# Go and minimal come from the same test binary, run in turns: for each
# optimizer and loop shape, Step, its minimal loop, its in-State loop and,
# with a commit, that commit's BenchmarkStep ("before") run one after the
# other, COUNT times, so that each ratio compares runs seconds apart on a
# shared machine whose load changes by the minute.
#
#   bench/engine.sh [BASE]     e.g. bench/engine.sh 24aee71 (about eight minutes)
#   COUNT=5                    runs of each Go benchmark (medians)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-5}
base=${1:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go test -c -o "$tmp/now.test" ./optimizers/
if [ -n "$base" ]; then
  mkdir "$tmp/base"
  git archive "$base" | tar -x -C "$tmp/base"
  (cd "$tmp/base" && go test -c -o "$tmp/base.test" ./optimizers/)
fi
for _ in $(seq "$count"); do
  for shape in million lecture; do
    for k in gd gdm adagrad rmsprop adam; do
      "$tmp/now.test" -test.run '^$' -test.benchmem \
        -test.bench "^(BenchmarkStep|BenchmarkMinimalLoop)\$/^$shape\$/^$k\$" >>"$tmp/now.txt"
      if [ -n "$base" ]; then
        "$tmp/base.test" -test.run '^$' -test.benchmem -test.bench "^BenchmarkStep\$/^$shape\$/^$k\$" >>"$tmp/base.txt"
      fi
    done
  done
  "$tmp/now.test" -test.run '^$' -test.benchmem -test.bench '^BenchmarkStep2D$' >>"$tmp/now.txt"
done
python3 bench/lecture.py bench >"$tmp/py.txt"

# median FILE NAME: the median ns/step of benchmark NAME (without its -N suffix).
median() {
  awk -v n="$2" '{name = $1; sub(/-[0-9]+$/, "", name)} name == n {print $3}' "$1" |
    sort -g | awk '{a[NR] = $1} END {if (NR) print a[int((NR + 1) / 2)]; else print "-"}'
}
# allocs FILE NAME: the most allocations per op of benchmark NAME.
allocs() {
  awk -v n="$2" '{name = $1; sub(/-[0-9]+$/, "", name)} name == n {print $(NF-1)}' "$1" | sort -g | tail -1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f×", a / b}'; }
ratio0() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.0f×", a / b}'; }

header="| loop | optimizer | Go ns/step | minimal loop ns/step | Python ns/step | Go ÷ minimal | Python ÷ Go |"
rule="|---|---|---:|---:|---:|---:|---:|"
if [ -n "$base" ]; then
  header="$header before ($base) ns/step | Python ÷ before |"
  rule="$rule---:|---:|"
fi
echo "$header"
echo "$rule"
for shape in million lecture; do
  for k in gd gdm adagrad rmsprop adam; do
    g=$(median "$tmp/now.txt" "BenchmarkStep/$shape/$k")
    m=$(median "$tmp/now.txt" "BenchmarkMinimalLoop/$shape/$k")
    p=$(awk -v n="$shape/$k" '$1 == n {print $2}' "$tmp/py.txt")
    line="| $shape | $k | $g | $m | $p | $(ratio "$g" "$m") | $(ratio0 "$p" "$g") |"
    if [ -n "$base" ]; then
      b=$(median "$tmp/base.txt" "BenchmarkStep/$shape/$k")
      line="$line $b | $(ratio0 "$p" "$b") |"
    fi
    echo "$line"
  done
done
echo
echo "| loop | optimizer | Go ns/step | in-State loop ns/step | Go ÷ in-State | Go allocs/op |"
echo "|---|---|---:|---:|---:|---:|"
for shape in million lecture; do
  for k in gd gdm adagrad rmsprop adam; do
    g=$(median "$tmp/now.txt" "BenchmarkStep/$shape/$k")
    s=$(median "$tmp/now.txt" "BenchmarkMinimalLoop/$shape/$k/in-state")
    echo "| $shape | $k | $g | $s | $(ratio "$g" "$s") | $(allocs "$tmp/now.txt" "BenchmarkStep/$shape/$k") |"
  done
done
echo
echo "| loop | optimizer | 1-D step ns/step | 2-D step (bowl) ns/step | 2-D ÷ 1-D | 2-D allocs/op |"
echo "|---|---|---:|---:|---:|---:|"
for k in gd gdm adagrad rmsprop adam; do
  g=$(median "$tmp/now.txt" "BenchmarkStep/lecture/$k")
  d=$(median "$tmp/now.txt" "BenchmarkStep2D/lecture/$k")
  echo "| lecture | $k | $g | $d | $(ratio "$d" "$g") | $(allocs "$tmp/now.txt" "BenchmarkStep2D/lecture/$k") |"
done
