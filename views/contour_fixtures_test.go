package views

import (
	"testing"

	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// testLandscapes are the engine's 2-D landscapes, each from its own start.
func testLandscapes() []Landscape {
	var out []Landscape
	for _, obj := range optimizers.ObjectivesIn(2) {
		out = append(out, LandscapeOf(obj, obj.Defaults().Start()))
	}
	return out
}

// testRace is the engine's race of the five optimizers on 2-D landscape
// name, on its defaults, at t = 0.
func testRace(t testing.TB, name string) *race.Race {
	t.Helper()
	obj, err := optimizers.ObjectiveByName(name)
	if err != nil {
		t.Fatal(err)
	}
	r, err := race.New(obj.Defaults(), obj)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// pathsAt steps r, forward or back, to step t and returns its lanes' paths
// as a map draws them.
func pathsAt(r *race.Race, t int) []MapPath {
	for r.T() < t {
		r.Step()
	}
	for r.T() > t {
		if !r.Back() {
			break
		}
	}
	return MapPaths(r, trajectoryPoints, nil)
}
