package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/optirace/optirace/optimizers"
)

// twodCase is one case of testdata/twod: a command line, and for each
// optimizer the number of its CSV rows, their SHA-256 and some rows in
// full.
type twodCase struct {
	args   []string
	counts map[string]int
	hashes map[string]string
	rows   map[string][]string
}

// readTwodCases reads a .golden file of testdata/twod.
func readTwodCases(t *testing.T, path string) []twodCase {
	t.Helper()
	var cases []twodCase
	for _, line := range readLines(t, path) {
		word, rest, _ := strings.Cut(line, " ")
		switch word {
		case "case":
			cases = append(cases, twodCase{
				args: strings.Fields(rest), counts: map[string]int{}, hashes: map[string]string{}, rows: map[string][]string{},
			})
		case "sha256":
			f := strings.Fields(rest)
			n, err := strconv.Atoi(f[1])
			if err != nil || len(f) != 3 {
				t.Fatalf("%s: %q", path, line)
			}
			c := &cases[len(cases)-1]
			c.counts[f[0]], c.hashes[f[0]] = n, f[2]
		case "row":
			c := &cases[len(cases)-1]
			id, _, _ := strings.Cut(rest, ",")
			c.rows[id] = append(c.rows[id], rest)
		}
	}
	return cases
}

// TestTwoDTableMatchesPython is issue 17's done-when: `optirace table
// --format csv` on every 2-D landscape, for every optimizer, equals digit
// for digit an implementation of the formulas and the lecture's
// code independent of optirace's (testdata/twod/twod.py, in Python), from
// each landscape's own start and from others, with only y0 given, with
// settings of every kind and at the lecture's rates, where several
// overflow to inf and nan.
func TestTwoDTableMatchesPython(t *testing.T) {
	for _, obj := range optimizers.ObjectivesIn(2) {
		cases := readTwodCases(t, filepath.Join("..", "testdata", "twod", obj.Name+".golden"))
		if len(cases) != 4 {
			t.Fatalf("%s: %d cases, want 4", obj.Name, len(cases))
		}
		for _, c := range cases {
			t.Run(strings.Join(c.args[4:], " "), func(t *testing.T) {
				out, errOut, code := run(t, c.args...)
				if code != 0 || errOut != "" {
					t.Fatalf("exit %d, stderr %q", code, errOut)
				}
				lines := strings.SplitAfter(out, "\n")
				if !strings.HasPrefix(lines[0], "optimizer,lane,label,t,x,y,f,grad_x,grad_y,") {
					t.Fatalf("header %q", lines[0])
				}
				byOptimizer := map[string][]string{}
				for _, l := range lines[1:] {
					if l == "" {
						continue
					}
					id, _, _ := strings.Cut(l, ",")
					byOptimizer[id] = append(byOptimizer[id], l)
				}
				for _, k := range optimizers.Kinds() {
					got := byOptimizer[k.ID()]
					sum := sha256.Sum256([]byte(strings.Join(got, "")))
					if len(got) == c.counts[k.ID()] && hex.EncodeToString(sum[:]) == c.hashes[k.ID()] {
						continue
					}
					t.Errorf("%s: %d rows that differ from Python's %d", k.ID(), len(got), c.counts[k.ID()])
					want := c.rows[k.ID()]
					for i, w := range want {
						at := i
						if i == len(want)-1 {
							at = len(got) - 1
						}
						if at >= 0 && at < len(got) && strings.TrimSuffix(got[at], "\n") != w {
							t.Errorf("row %d:\n got %s\nwant %s", at, strings.TrimSuffix(got[at], "\n"), w)
						}
					}
				}
			})
		}
	}
}
