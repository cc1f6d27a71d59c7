package main

import (
	"io"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/optimizers"
)

// Shot is the TUI state to photograph: the race on landscape Fn (empty:
// the lecture's x²) at its defaults after Steps presses of space, in a
// Cols × Rows terminal.
type Shot struct {
	Cols, Rows, Steps int
	Fn                string
}

// Frame returns the model's View for the shot, with 24-bit colours for a
// dark terminal.
func (s Shot) Frame() (string, error) {
	r := lipgloss.NewRenderer(io.Discard)
	// The renderer writes to no terminal, so it must be told what to draw for.
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(true)
	obj := optimizers.Quadratic()
	if s.Fn != "" {
		var err error
		if obj, err = optimizers.ObjectiveByName(s.Fn); err != nil {
			return "", err
		}
	}
	m, err := model.New(model.Options{Settings: obj.Defaults(), Objective: obj, Renderer: r})
	if err != nil {
		return "", err
	}
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: s.Cols, Height: s.Rows})
	for range s.Steps {
		tm, _ = tm.Update(tea.KeyMsg{Type: tea.KeySpace})
	}
	return tm.View(), nil
}
