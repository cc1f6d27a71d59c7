package views

import (
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/optirace/optirace/optimizers"
)

func asciiStyles() *Styles {
	s := testStyles()
	s.ASCII = true
	return s
}

var lecture = []string{"GD", "GDM", "AdaGrad", "RMSProp", "Adam"}

// TestPollGolden draws the class's questions as the presenter's strip and a
// viewer's banner show them: a live tally, a revealed one, the choices a
// viewer votes from, a prediction's spread against the truth (in 1-D and
// 2-D, with wild guesses), and the challenge's leaderboard, in Unicode and
// ASCII, wide and narrow.
func TestPollGolden(t *testing.T) {
	tally := VoteTally{Choices: lecture, Tally: []int{7, 3, 0, 12, 1}, Mine: -1}
	revealed := tally
	revealed.Winners, revealed.Mine = []int{0}, 3
	guesses := []optimizers.Vec{{9.1, 2}, {9.3, 2.5}, {9.2, -1}, {9.35, 2}, {8.8, 1}, {9.2, 1.9}, {1e300, 0}, {-4, 3}, {9.25, 2.2}}
	board := []BoardRow{
		{Rank: 1, Name: "ada", Settings: "α=0.45", Result: "settled at t = 9"},
		{Rank: 1, Name: "grace", Settings: "α=0.45", Result: "settled at t = 9"},
		{Rank: 3, Name: "bob", Settings: "α=0.1", Result: "settled at t = 30"},
		{Rank: 0, Name: "a-very-long-user-name-indeed", Settings: "α=0.9", Result: "not settled by t = 10000"},
		{Rank: 0, Name: "cy", Settings: "α=1.5", Result: "diverged at t = 14"},
	}
	anonymous := make([]BoardRow, len(board))
	for i, r := range board {
		r.Name = ""
		anonymous[i] = r
	}
	cases := []struct {
		name string
		draw func(s *Styles, w int) []string
	}{
		{"header", func(s *Styles, w int) []string {
			return []string{
				ClassHeader(s, "VOTE", "Which lane settles first? · 23 answers · v closes", false, w),
				ClassHeader(s, "VOTE", "cancelled: the race was reset", true, w),
			}
		}},
		{"tally", func(s *Styles, w int) []string { return VoteChart(s, tally, w, 8) }},
		{"tally-revealed", func(s *Styles, w int) []string { return VoteChart(s, revealed, w, 8) }},
		{"tally-cut-to-3-rows", func(s *Styles, w int) []string { return VoteChart(s, tally, w, 3) }},
		{"choices", func(s *Styles, w int) []string {
			return append(VoteChoices(s, lecture, -1, w), VoteChoices(s, lecture, 1, w)...)
		}},
		{"choices-eight-lanes", func(s *Styles, w int) []string {
			eight := []string{"GD α=0.01", "GD α=0.03", "GD α=0.1", "GD α=0.3", "GDM γ=0.5", "GDM γ=0.9", "AdaGrad", "Adam β₁=0.8"}
			return VoteChoices(s, eight, 7, w)
		}},
		{"spread-1d", func(s *Styles, w int) []string {
			return GuessSpread(s, Spread{Dim: 1, Guesses: guesses, Truth: optimizers.Vec{9.2}}, w, 3)
		}},
		{"spread-2d", func(s *Styles, w int) []string {
			return GuessSpread(s, Spread{Dim: 2, Guesses: guesses, Truth: optimizers.Vec{9.2, 2.1}}, w, 6)
		}},
		{"spread-2d-in-4-rows", func(s *Styles, w int) []string {
			return GuessSpread(s, Spread{Dim: 2, Guesses: guesses, Truth: optimizers.Vec{9.2, 2.1}}, w, 4)
		}},
		{"spread-nobody", func(s *Styles, w int) []string {
			return GuessSpread(s, Spread{Dim: 1, Truth: optimizers.Vec{-0.5}}, w, 3)
		}},
		{"board", func(s *Styles, w int) []string { return ChallengeBoard(s, board, w, 8) }},
		{"board-cut-to-3-rows", func(s *Styles, w int) []string { return ChallengeBoard(s, board, w, 3) }},
		{"board-anonymous", func(s *Styles, w int) []string { return ChallengeBoard(s, anonymous, w, 8) }},
	}
	for _, c := range cases {
		for _, w := range []int{100, 60} {
			for _, ascii := range []bool{false, true} {
				name := c.name + "-" + map[bool]string{false: "unicode", true: "ascii"}[ascii] + "-" + strconv.Itoa(w)
				t.Run(name, func(t *testing.T) {
					s := testStyles()
					if ascii {
						s = asciiStyles()
					}
					lines := c.draw(s, w)
					requireSize(t, lines, w, len(lines))
					frame := ansi.Strip(strings.Join(lines, "\n"))
					if ascii {
						frame = ASCIIOnly(frame)
						for _, r := range frame {
							if r > 0x7e {
								t.Fatalf("--ascii drew %q:\n%s", r, frame)
							}
						}
					}
					golden.RequireEqual(t, []byte(frame))
				})
			}
		}
	}
}

// TestVoteChartBarsScale: the fullest choice's bar fills the bar area, an
// empty one draws nothing, and the others their share, the last cell in
// eighths.
func TestVoteChartBarsScale(t *testing.T) {
	bars := tallyBars([]int{12, 0, 1, 5}, 12, 24)
	want := []string{
		strings.Repeat("█", 24),
		"",
		"██",         // 1/12 of 24 cells
		"██████████", // 5/12 of 24 cells
	}
	for i, w := range want {
		if got := strings.TrimRight(strings.ReplaceAll(string(bars[i]), "\x00", ""), " "); got != w {
			t.Errorf("bar %d: %q, want %q", i, got, w)
		}
	}
	third := tallyBars([]int{3, 1}, 3, 10)[1] // 3⅓ cells
	if string(third[:3]) != "███" || third[3] == 0 || third[3] == '█' || third[4] != 0 {
		t.Errorf("a third of 10 cells: %q", string(third))
	}
}

// TestSpreadRangeIsFinite: whatever the guesses, the strip's span is
// finite, holds the truth, and is not empty.
func TestSpreadRangeIsFinite(t *testing.T) {
	for _, c := range []struct {
		vals  []float64
		truth float64
	}{
		{nil, 0},
		{[]float64{3, 3, 3}, 3},
		{[]float64{-1.7e308, 1.7e308}, 2},
		{[]float64{1e300, 1e300}, -1e300},
		{[]float64{0.1, 0.2}, 0.15},
	} {
		lo, hi := spreadRange(c.vals, c.truth)
		if !(lo < hi) || lo > c.truth || hi < c.truth || !finiteF(hi-lo) {
			t.Errorf("range of %v around %v: [%v, %v]", c.vals, c.truth, lo, hi)
		}
		lines := GuessSpread(testStyles(), Spread{Dim: 1, Guesses: vecs(c.vals), Truth: optimizers.Vec{c.truth}}, 40, 3)
		requireSize(t, lines, 40, 3)
	}
	// A guess within a rounding of the truth is in the truth's column.
	lo, hi := spreadRange([]float64{9.5}, 9.50000000025)
	if guessColumn(9.5, 9.50000000025, lo, hi, 40) != binOf(9.50000000025, lo, hi, 40) || !(hi-lo > 9e-4) {
		t.Errorf("9.5 against 9.50000000025: [%v, %v]", lo, hi)
	}
}

func finiteF(v float64) bool { return v-v == 0 }

func vecs(vals []float64) []optimizers.Vec {
	out := make([]optimizers.Vec, len(vals))
	for i, v := range vals {
		out[i] = optimizers.Vec{v}
	}
	return out
}
