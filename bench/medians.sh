#!/usr/bin/env bash
# Reads `go test -bench` output on stdin and prints, per benchmark, the
# median ns/op (or the first custom unit) with B/op and allocs/op, as a
# Markdown table.
awk '
/^Benchmark/ {
  name = $1; sub(/-[0-9]+$/, "", name)
  if (!(name in seen)) { order[++n] = name; seen[name] = 1 }
  vals[name] = vals[name] " " $3; unit[name] = $4
  for (i = 5; i < NF; i++) { if ($(i+1) == "B/op") bytes[name] = $i; if ($(i+1) == "allocs/op") allocs[name] = $i }
}
END {
  print "| benchmark | median | B/op | allocs/op | runs |"
  print "|---|---:|---:|---:|---:|"
  for (j = 1; j <= n; j++) {
    k = order[j]; m = split(substr(vals[k], 2), a, " ")
    for (x = 1; x <= m; x++) for (y = x + 1; y <= m; y++) if (a[y] + 0 < a[x] + 0) { t = a[x]; a[x] = a[y]; a[y] = t }
    med = (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
    printf "| %s | %s %s | %s | %s | %d |\n", k, med, unit[k], bytes[k], allocs[k], m
  }
}'
