package views

import (
	"slices"
	"strings"
	"testing"

	"github.com/optirace/optirace/race"
)

// TestLeaderboardStripKeepsThreeDigits: wherever the race screen draws the
// leaderboard strip, each runner's x (and f(x), where it is shown) reads
// back as the engine's to three significant digits with its sign — f(x),
// the reached column and the names' length give way first (the reviewer's
// "3.7…" with eight lanes at 110×30) — and every runner the strip has
// rows for is there, best first.
func TestLeaderboardStripKeepsThreeDigits(t *testing.T) {
	for _, c := range []struct {
		specs []string
		steps []int
	}{
		{lectureLanes, []int{1, 53, 309, 1000}},
		{divergingGD, []int{8}},
		{eightLanes, []int{20, 300}},
	} {
		for _, steps := range c.steps {
			r := raceAt(t, steps, c.specs)
			standings := race.Standings(r)
			for _, size := range readableSizes {
				for _, ascii := range []bool{false, true} {
					frame := raceFrame(r, Panels, size[0], size[1], ascii)
					for _, b := range boxes(frame) {
						if !strings.HasPrefix(b.title, "Leaderboard") {
							continue
						}
						header := strings.Fields(b.lines[0])
						if !slices.Contains(header, "x") {
							t.Fatalf("%d lanes t=%d %dx%d: the strip has no x: %q", len(r.Lanes()), steps, size[0], size[1], b.lines[0])
						}
						withF := slices.Contains(header, "f(x)")
						for i, line := range b.lines[1:] {
							fields := strings.Fields(line)
							if len(fields) == 0 || fields[0] == "…" || fields[0] == "..." {
								break // the rows left out are counted
							}
							sd := standings[i]
							x := fields[len(fields)-1]
							if withF {
								x = fields[len(fields)-2]
								if f := fields[len(fields)-1]; !threeDigits(f, sd.F) {
									t.Errorf("%d lanes t=%d %dx%d ascii=%v: %s's f(x) = %v shown as %q", len(r.Lanes()), steps, size[0], size[1], ascii, sd.Label, sd.F, f)
								}
							}
							if !threeDigits(x, sd.X[0]) {
								t.Errorf("%d lanes t=%d %dx%d ascii=%v: %s's x = %v shown as %q in %q", len(r.Lanes()), steps, size[0], size[1], ascii, sd.Label, sd.X[0], x, line)
							}
						}
					}
				}
			}
		}
	}
}

// TestLeaderboardStripGivesWayForDigits: in a strip too narrow for every
// column, f(x) goes, then the reached column, then the names are cut, and
// x keeps its digits.
func TestLeaderboardStripGivesWayForDigits(t *testing.T) {
	r := raceAt(t, 20, eightLanes)
	for _, c := range []struct {
		w      int
		header []string
	}{
		{60, []string{"#", "name", "reached", "settled", "x", "f(x)"}},
		{40, []string{"#", "name", "reached", "settled", "x"}},
		{34, []string{"#", "name", "settled", "x"}},
		{24, []string{"#", "name", "settled", "x"}},
	} {
		lines := LeaderboardStrip(testStyles(), r, c.w, 10)
		requireSize(t, lines, c.w, 10)
		if got := strings.Fields(lines[0]); !slices.Equal(got, c.header) {
			t.Errorf("%d columns: %q, want %q", c.w, got, c.header)
		}
		if c.w == 24 && !strings.Contains(lines[1], "RMSPr… ") {
			t.Errorf("24 columns: names not cut to make room for x: %q", lines[1])
		}
	}
}
