#!/usr/bin/env bash
# Times one optimizer step in Go and in the lecture's pure-Python loop, in one
# run on one machine, and prints a Markdown table of medians and ratios.
#   bench/engine.sh            (about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
go_out=$(go test -run '^$' -bench 'BenchmarkStep$' -benchmem -count 5 ./optimizers/)
py_out=$(python3 bench/lecture.py bench)
echo "| loop | optimizer | Go ns/step | Go allocs/step | Python ns/step | Python ÷ Go |"
echo "|---|---|---:|---:|---:|---:|"
for shape in million lecture; do
  for k in gd gdm adagrad rmsprop adam; do
    g=$(echo "$go_out" | awk -v n="BenchmarkStep/$shape/$k-" 'index($1, n) == 1 {print $3}' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    allocs=$(echo "$go_out" | awk -v n="BenchmarkStep/$shape/$k-" 'index($1, n) == 1 {print $(NF-1)}' | sort -g | tail -1)
    p=$(echo "$py_out" | awk -v n="$shape/$k" '$1 == n {print $2}')
    ratio=$(awk -v p="$p" -v g="$g" 'BEGIN {printf "%.0f×", p / g}')
    echo "| $shape | $k | $g | $allocs | $p | $ratio |"
  done
done
