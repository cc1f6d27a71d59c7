package model

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// stepped is a model on the lecture's defaults at 120×40 whose race has
// taken n steps.
func stepped(t testing.TB, n int) *Model {
	t.Helper()
	m := send(newModel(t), tea.WindowSizeMsg{Width: 120, Height: 40})
	for range n {
		ownRace(m).Step()
	}
	return m
}

// editGD opens the editor on GD, types α and applies it, returning the
// command the edit started.
func editGD(m *Model, alpha string) tea.Cmd {
	send(m, keyMsg("1"), keyMsg("e"))
	m = typeInto(m, alpha)
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	return cmd
}

// replayedOf runs the commands of cmd (a batch included) and returns the
// replay result among their messages.
func replayedOf(t *testing.T, cmd tea.Cmd) replayedMsg {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command")
	}
	switch msg := cmd().(type) {
	case replayedMsg:
		return msg
	case tea.BatchMsg:
		for _, c := range msg {
			if c == nil {
				continue
			}
			if r, ok := c().(replayedMsg); ok {
				return r
			}
		}
	}
	t.Fatal("the command brought no replay")
	return replayedMsg{}
}

// TestLateEditReplaysOffTheUIGoroutine: an edit far into a race returns at
// once with a note, leaves the race as it was until the replay is back,
// refuses to move the race meanwhile but keeps every view key, and applies
// the replayed race when it comes.
func TestLateEditReplaysOffTheUIGoroutine(t *testing.T) {
	const at = replayInline + 5
	m := stepped(t, at)
	before := ownRace(m)
	cmd := editGD(m, "0.3")
	if ownRace(m) != before || ownRace(m).Settings().LR[optimizers.GD] != 0.1 {
		t.Fatal("the edit changed the race before its replay came back")
	}
	if !strings.Contains(m.View(), "replaying to t = 10005…") {
		t.Errorf("no word of the replay:\n%s", m.View())
	}
	m = send(m, keyMsg("space"))
	if ownRace(m).T() != at || !strings.Contains(m.c.status.note, "replaying to t = 10005") {
		t.Errorf("space during the replay: t = %d, note %q", ownRace(m).T(), m.c.status.note)
	}
	m = send(m, keyMsg("3"), keyMsg("c"))
	if m.c.view.focus != int(optimizers.AdaGrad) || m.screen != screenConvergence {
		t.Error("view keys did nothing during the replay")
	}
	m = send(m, replayedOf(t, cmd))
	r := ownRace(m)
	if r.T() != at || r.Settings().LR[optimizers.GD] != 0.3 || m.c.status.note != "GD: α = 0.3 · replayed to t = 10005" {
		t.Fatalf("after the replay: t = %d, α = %v, note %q", r.T(), r.Settings().LR[optimizers.GD], m.c.status.note)
	}
	want, err := race.New(r.Settings(), r.Objective())
	if err != nil {
		t.Fatal(err)
	}
	for range at {
		want.Step()
	}
	if !slices.Equal(r.Current(), want.Current()) {
		t.Error("the replayed race differs from a race stepped straight there")
	}
}

// TestNewerEditWins: a second edit while the first replays cancels it; the
// first one's result, if it comes, changes nothing.
func TestNewerEditWins(t *testing.T) {
	m := stepped(t, replayInline+1)
	first := editGD(m, "0.3")
	second := editGD(m, "0.2")
	old := replayedOf(t, first)
	if m = send(m, old); ownRace(m).Settings().LR[optimizers.GD] != 0.1 {
		t.Fatal("the cancelled replay was applied")
	}
	m = send(m, replayedOf(t, second))
	if got := ownRace(m).Settings().LR[optimizers.GD]; got != 0.2 {
		t.Errorf("α = %v after both replays, want the newer 0.2", got)
	}
}

// TestLateForkReplaysOffTheUIGoroutine: a viewer's fork of a long race
// follows the live race until its copy is ready.
func TestLateForkReplaysOffTheUIGoroutine(t *testing.T) {
	presenter := stepped(t, replayInline+3)
	v, err := New(Options{Role: RoleViewer})
	if err != nil {
		t.Fatal(err)
	}
	v = send(v, tea.WindowSizeMsg{Width: 120, Height: 40}, SharedRaceMsg{Race: presenter.Frozen()})
	_, cmd := v.Update(keyMsg("f"))
	if !v.c.stage.following || !strings.Contains(v.c.status.note, "forking to t = 10003…") {
		t.Fatalf("fork started: following %v, note %q", v.c.stage.following, v.c.status.note)
	}
	v = send(v, replayedOf(t, cmd))
	if v.c.stage.following || ownRace(v).T() != replayInline+3 || !slices.Equal(ownRace(v).Current(), ownRace(presenter).Current()) {
		t.Fatal("the fork did not become the viewer's own copy at the presenter's step")
	}
	// w while the fork replays drops it.
	_, cmd = send(v, keyMsg("w")).Update(keyMsg("f"))
	v = send(v, keyMsg("w"))
	if v = send(v, replayedOf(t, cmd)); !v.c.stage.following {
		t.Error("a fork dropped by w still took the viewer off the live race")
	}
}
