package model

import (
	"testing"

	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// ownRace is the model's own race (nil for a viewer that has not forked).
func ownRace(m *Model) *race.Race {
	if m.c.stage.own == nil {
		return nil
	}
	return m.c.stage.own.race
}

// neuronOf is the model's neuron screen.
func neuronOf(m *Model) *neuronScreen { return m.screens[screenNeuron].(*neuronScreen) }

// newPublishing is a presenter on the lecture's defaults that publishes to
// publish.
func newPublishing(t testing.TB, publish func(*race.Frozen)) *Model {
	t.Helper()
	m, err := New(Options{Settings: optimizers.Defaults(), Role: RolePresenter, Class: ClassFuncs{OnPublish: func(l Live) { publish(l.Race) }}})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// endingOptions are settings under which the race ends before the step
// limit: with RMSProp at α = 0.1 and a zone of 0.1 every optimizer settles
// (GD first, at t = 21, AdaGrad last, at 132) and the race is over at t = 182.
func endingOptions() Options {
	s := optimizers.Defaults()
	s.LR[optimizers.RMSProp] = 0.1
	return Options{Settings: s, Tol: 0.1}
}

// endingResult is the result of the race under endingOptions.
const endingResult = "race over · GD settled first at t = 21"

// newEnding is a model on endingOptions, its race at t.
func newEnding(t testing.TB, at int) *Model {
	t.Helper()
	m, err := New(endingOptions())
	if err != nil {
		t.Fatal(err)
	}
	for ownRace(m).T() < at {
		ownRace(m).Step()
	}
	return m
}
