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
		Short: "Run the race to the end and print the leaderboard",
		Long: `Run all five optimizers until every one has finished (first reached
|x − x*| < tol) or diverged, or --max-steps is reached, and print the final
leaderboard: rank by finish step, name, finish step (DNF when diverged, – when
still running), final x and f(x). A finisher keeps stepping and may wander
off again, so its final x need not be within tol.`,
		Example: `  optirace race
  optirace race --gd.lr 1.5 --format json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, err := flags.newRace()
			if err != nil {
				return err
			}
			// Interrupted, the race prints nothing: a leaderboard of a
			// race cut short at an arbitrary step would read as its result.
			if err := r.RunToEndContext(cmd.Context(), flags.maxSteps); err != nil {
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

// finishColumn is a leaderboard's finish entry: the step, DNF, or – while running.
func finishColumn(s race.Standing) string {
	switch {
	case s.Diverged():
		return "DNF"
	case s.Finished():
		return strconv.Itoa(s.FinishedAt)
	}
	return "–"
}

func writeLeaderboardText(w io.Writer, r *race.Race) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if _, err := fmt.Fprintln(tw, "rank\toptimizer\tfinish\tx\tf(x)"); err != nil {
		return err
	}
	for _, s := range race.Standings(r) {
		if _, err := fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", s.Rank, s.Kind, finishColumn(s), numfmt.Repr(s.X), numfmt.Repr(s.F)); err != nil {
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

type entryJSON struct {
	Rank       int    `json:"rank"`
	Optimizer  string `json:"optimizer"`
	Name       string `json:"name"`
	FinishedAt *int   `json:"finished_at"`
	DivergedAt *int   `json:"diverged_at"`
	X          number `json:"x"`
	F          number `json:"f"`
	Distance   number `json:"distance"`
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
	for _, s := range race.Standings(r) {
		e := entryJSON{
			Rank: s.Rank, Optimizer: s.Kind.ID(), Name: s.Kind.String(),
			X: number(s.X), F: number(s.F), Distance: number(s.Distance),
		}
		if s.Finished() {
			e.FinishedAt = &s.FinishedAt
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
