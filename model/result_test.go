package model

import (
	"testing"

	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// TestRaceResultTellsTheLaggardsTogether: lanes that never reached the
// zone, and did nothing else worth a word, are one clause; none at all
// reaching it is one short sentence.
func TestRaceResultTellsTheLaggardsTogether(t *testing.T) {
	gd := func(lr float64) optimizers.Lane {
		l := optimizers.Defaults().Lane(optimizers.GD)
		l.Hyper.LR = lr
		return l
	}
	for _, c := range []struct {
		lanes []optimizers.Lane
		steps int
		want  string
	}{
		{nil, 1, "step limit · no lane reached the zone"},
		{
			[]optimizers.Lane{gd(0.5), gd(0.001), gd(0.002), gd(1.5)},
			3,
			"step limit · GD α=0.5 settled first at t = 1 · GD α=0.002, GD α=0.001 and GD α=1.5 never reached the zone",
		},
	} {
		r, err := race.New(optimizers.Defaults(), optimizers.Quadratic(), race.WithLanes(c.lanes))
		if err != nil {
			t.Fatal(err)
		}
		for range c.steps {
			r.Step()
		}
		if got := raceResult(r, "step limit"); got != c.want {
			t.Errorf("got  %q\nwant %q", got, c.want)
		}
	}
}
