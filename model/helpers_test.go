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
	m, err := New(Options{Settings: optimizers.Defaults(), Role: RolePresenter, Class: ClassFuncs{OnPublish: publish}})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
