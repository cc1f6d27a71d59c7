package model

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
)

// numberToken is a number as the screen writes it: sign, digits, exponent.
var numberToken = regexp.MustCompile(`-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?`)

// shows reports whether screen holds v as a number a person can read: a
// token with v's sign within half a unit of its third significant digit.
func shows(screen string, v float64) bool {
	for _, tok := range numberToken.FindAllString(screen, -1) {
		got, err := strconv.ParseFloat(tok, 64)
		if err != nil {
			continue
		}
		if got == v || (math.Signbit(got) == math.Signbit(v) && math.Abs(got-v) <= 5e-3*math.Abs(v)) {
			return true
		}
	}
	return false
}

// stateShown are the quantities the race screen must show of optimizer k:
// x, f(x) and its own state, as the issue lists them.
func stateShown(k optimizers.Kind, s optimizers.State) map[string]float64 {
	want := map[string]float64{"x": s.X[0], "f(x)": s.F}
	switch k {
	case optimizers.GD:
	case optimizers.Momentum:
		want["velocity"] = s.Velocity[0]
	case optimizers.AdaGrad:
		want["G"], want["lr"] = s.G[0], s.EffectiveLR[0]
	case optimizers.RMSProp:
		want["E[g²]"], want["lr"] = s.EG2[0], s.EffectiveLR[0]
	case optimizers.Adam:
		want["m"], want["v"] = s.M[0], s.V[0]
	}
	return want
}

// TestEveryStateShows is the done-when: at 80×24, 100×30 and
// 120×40, in colour and in ASCII, after a few steps on the lecture's
// settings and on others, the race screen shows each optimizer's x with its
// sign, f(x) and its own state as numbers of three significant digits or
// more, and each optimizer's α.
func TestEveryStateShows(t *testing.T) {
	edited := optimizers.Defaults()
	edited.X0 = -3.7
	edited.LR = [optimizers.NumKinds]float64{0.05, 0.2, 0.5, 0.3, 0.25}
	edited.Momentum, edited.Decay, edited.Beta1, edited.Beta2 = 0.5, 0.8, 0.8, 0.99
	for _, set := range []optimizers.Settings{optimizers.Defaults(), edited} {
		for _, ascii := range []bool{false, true} {
			for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}} {
				for _, steps := range []int{3, 7} {
					name := fmt.Sprintf("x0=%v/ascii=%v/%dx%d/t=%d", set.X0, ascii, size[0], size[1], steps)
					m, err := New(Options{Settings: set, ASCII: ascii})
					if err != nil {
						t.Fatal(err)
					}
					m = send(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
					m = send(m, repeat("space", steps)...)
					screen := ansi.Strip(m.View())
					for _, k := range optimizers.Kinds() {
						for q, v := range stateShown(k, ownRace(m).State(int(k))) {
							if !shows(screen, v) {
								t.Errorf("%s: %v's %s = %v is not on screen:\n%s", name, k, q, v, screen)
							}
						}
						alpha := numfmt.Compact(set.LR[k], 10)
						if !strings.Contains(screen, "α="+alpha) && !strings.Contains(screen, "α = "+alpha) &&
							!strings.Contains(screen, "lr="+alpha) && !strings.Contains(screen, "lr = "+alpha) {
							t.Errorf("%s: %v's α = %s is not on screen:\n%s", name, k, alpha, screen)
						}
					}
				}
			}
		}
	}
}
