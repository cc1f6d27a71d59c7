package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/race"
	"github.com/spf13/cobra"
)

func newRaceCmd() *cobra.Command {
	flags := newRaceFlags()
	format := formatText
	cmd := &cobra.Command{
		Use:   "race",
		Short: "Run the race to --max-steps and print the leaderboard",
		Long: `Run all five optimizers (or the lanes --lane gives) to --max-steps and print
the final leaderboard. An optimizer reaches the finish zone |x − x*| < tol
(x* the nearest minimum, the distance Euclidean on a 2-D landscape) at the
first step it is inside, and is settled from the step since which it has
stayed inside; one that leaves the zone again is no longer settled (RMSProp
at α = 1 reaches it at t = 20, leaves at t = 73 and bounces about ±0.5 for
ever). The leaderboard ranks settled lanes by the step they settled at, then
the others by their distance to the finish, diverged ones last: rank, name,
reached, settled (DNF when diverged, – for none), final x (and y, with the
minimum it ended nearest, on a 2-D landscape) and f. The race is over when
every lane has stayed settled for 50 steps, or diverged.`,
		Example: `  optirace race
  optirace race --gd.lr 1.5 --format json
  optirace race --fn himmelblau
  optirace race --lane gd:lr=0.01 --lane gd:lr=0.1 --lane gd:lr=0.5 --lane gd:lr=0.9 --lane gd:lr=1.01`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, err := flags.newRace()
			if err != nil {
				return err
			}
			// Interrupted, the race prints nothing: a leaderboard of a
			// race cut short at an arbitrary step would read as its result.
			if err := r.RunToContext(cmd.Context(), flags.maxSteps); err != nil {
				return err
			}
			if format == formatJSON {
				return writeLeaderboardJSON(cmd.OutOrStdout(), r)
			}
			return writeLeaderboardText(cmd.OutOrStdout(), r)
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.Var(&choice{v: &format, allowed: []string{formatText, formatJSON}}, "format", "output format: text|json")
	flags.register(fs)
	flags.registerMaxSteps(fs)
	return cmd
}

// stepColumn is a leaderboard's reached or settled entry: the step, DNF
// once diverged, – for none.
func stepColumn(s race.Standing, at int) string {
	switch {
	case s.Diverged():
		return "DNF"
	case at >= 0:
		return strconv.Itoa(at)
	}
	return "–"
}

func writeLeaderboardText(w io.Writer, r *race.Race) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	obj := r.Objective()
	head := "rank\toptimizer\treached\tsettled\tx\tf(x)"
	if obj.Dim == 2 {
		head = "rank\toptimizer\treached\tsettled\tx\ty\tf(x, y)\tnearest minimum"
	}
	if _, err := fmt.Fprintln(tw, head); err != nil {
		return err
	}
	for _, s := range race.Standings(r) {
		line := fmt.Sprintf("%d\t%s\t%s\t%s\t%s", s.Rank, s.Label, stepColumn(s, s.ReachedAt), stepColumn(s, s.SettledAt), numfmt.Repr(s.X[0]))
		if obj.Dim == 2 {
			m := obj.Minima[s.Nearest]
			line += fmt.Sprintf("\t%s\t%s\t(%s, %s)", numfmt.Repr(s.X[1]), numfmt.Repr(s.F), numfmt.Repr(m[0]), numfmt.Repr(m[1]))
		} else {
			line += "\t" + numfmt.Repr(s.F)
		}
		if _, err := fmt.Fprintln(tw, line); err != nil {
			return err
		}
	}
	return tw.Flush()
}

// leaderboardJSON is `optirace race --format json`.
type leaderboardJSON struct {
	T           int         `json:"t"`
	Tol         float64     `json:"tol"`
	Over        bool        `json:"over"`
	Leaderboard []entryJSON `json:"leaderboard"`
}

// entryJSON is one lane of the leaderboard: its lane (1-based, in the order
// given) and label; on a 2-D landscape also y and the minimum it is
// nearest, which distance measures to.
type entryJSON struct {
	Rank       int       `json:"rank"`
	Lane       int       `json:"lane"`
	Label      string    `json:"label"`
	Optimizer  string    `json:"optimizer"`
	Name       string    `json:"name"`
	Reached    *int      `json:"reached"`
	Settled    *int      `json:"settled"`
	DivergedAt *int      `json:"diverged_at"`
	X          number    `json:"x"`
	Y          *number   `json:"y,omitempty"`
	F          number    `json:"f"`
	Distance   number    `json:"distance"`
	Nearest    *[]number `json:"nearest_minimum,omitempty"`
}

// number is a float64 written as Python's repr writes it (as table's JSON
// does), or null when it is not finite.
type number float64

// MarshalJSON implements json.Marshaler.
func (n number) MarshalJSON() ([]byte, error) { return appendJSONNumber(nil, float64(n)), nil }

// UnmarshalJSON implements json.Unmarshaler (null reads as NaN).
func (n *number) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = number(math.NaN())
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	*n = number(v)
	return err
}

func writeLeaderboardJSON(w io.Writer, r *race.Race) error {
	out := leaderboardJSON{T: r.T(), Tol: r.Tol(), Over: r.Over()}
	obj := r.Objective()
	for _, s := range race.Standings(r) {
		e := entryJSON{
			Rank: s.Rank, Lane: s.Lane + 1, Label: s.Label, Optimizer: s.Kind.ID(), Name: s.Kind.String(),
			X: number(s.X[0]), F: number(s.F), Distance: number(s.Distance),
		}
		if obj.Dim == 2 {
			y := number(s.X[1])
			m := obj.Minima[s.Nearest]
			e.Y, e.Nearest = &y, &[]number{number(m[0]), number(m[1])}
		}
		if s.Reached() {
			e.Reached = &s.ReachedAt
		}
		if s.Settled() {
			e.Settled = &s.SettledAt
		}
		if s.Diverged() {
			e.DivergedAt = &s.DivergedAt
		}
		out.Leaderboard = append(out.Leaderboard, e)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
