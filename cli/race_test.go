package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestRaceLeaderboardText(t *testing.T) {
	out, errOut, code := run(t, "race")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "rank  optimizer  finish") {
		t.Fatalf("got\n%s", out)
	}
	want := []struct{ name, finish string }{{"RMSProp", "20"}, {"GD", "42"}, {"GDM", "126"}, {"Adam", "130"}, {"AdaGrad", "276"}}
	for i, w := range want {
		f := strings.Fields(lines[i+1])
		if f[1] != w.name || f[2] != w.finish {
			t.Errorf("rank %d: %v, want %s finishing at %s", i+1, f, w.name, w.finish)
		}
	}
}

func TestRaceDivergenceIsDNF(t *testing.T) {
	out, _, code := run(t, "race", "--gd.lr", "1.5", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var lb leaderboardJSON
	if err := json.Unmarshal([]byte(out), &lb); err != nil {
		t.Fatal(err)
	}
	last := lb.Leaderboard[4]
	if last.Optimizer != "gd" || last.DivergedAt == nil || *last.DivergedAt != 20 || last.FinishedAt != nil {
		t.Fatalf("GD at α = 1.5: %+v", last)
	}
	for _, e := range lb.Leaderboard[:4] {
		if e.FinishedAt == nil {
			t.Errorf("%s did not finish", e.Optimizer)
		}
	}
	text, _, _ := run(t, "race", "--gd.lr", "1.5")
	if !strings.Contains(text, "GD         DNF") {
		t.Errorf("no DNF in\n%s", text)
	}
}

func TestRaceFlags(t *testing.T) {
	out, _, _ := run(t, "race", "--max-steps", "10")
	if strings.Count(out, "–") != 5 {
		t.Errorf("after 10 steps nobody has finished, got\n%s", out)
	}
	out, _, _ = run(t, "race", "--tol", "1", "--format", "json")
	var lb leaderboardJSON
	if err := json.Unmarshal([]byte(out), &lb); err != nil || lb.Tol != 1 {
		t.Fatalf("tol 1: %v %+v", err, lb)
	}
	for _, c := range []struct {
		args []string
		want string // in the one line on stderr
	}{
		{[]string{"--tol", "0"}, `"--tol" flag: must be a finite number > 0`},
		{[]string{"--tol", "nan"}, `"--tol" flag: must be a finite number > 0`},
		{[]string{"--tol", "1_0"}, `"--tol" flag: underscores are not accepted`},
		{[]string{"--tol", "0x1p-10"}, `"--tol" flag: hexadecimal is not accepted`},
		{[]string{"--max-steps", "0"}, `"--max-steps" flag: must be an integer from 1 to 10000000`},
		{[]string{"--max-steps", "1e3"}, `"--max-steps" flag: must be an integer from 1 to 10000000`},
		{[]string{"--format", "csv"}, `"--format" flag: must be one of text|json`},
		{[]string{"--bogus"}, "unknown flag: --bogus; see 'optirace race --help'"},
	} {
		requireUsageError(t, append([]string{"race"}, c.args...), c.want)
	}
}

func TestFnOnEveryCommand(t *testing.T) {
	out, _, code := run(t, "table", "--fn", "quartic", "--optimizer", "gd", "--steps", "1")
	if code != 0 || out != "Iteration 1: x = -390.0, f(x) = 23134410000.0\n" {
		t.Errorf("table --fn quartic: %d %q", code, out)
	}
	out, _, _ = run(t, "table", "--fn", "steep", "--optimizer", "gd", "--steps", "2")
	if out != "Iteration 1: x = -10.0, f(x) = 1000.0\nIteration 2: x = 10.0, f(x) = 1000.0\n" {
		t.Errorf("table --fn steep: %q", out)
	}
	out, _, _ = run(t, "race", "--fn", "bumpy", "--format", "json")
	var lb leaderboardJSON
	if err := json.Unmarshal([]byte(out), &lb); err != nil {
		t.Fatal(err)
	}
	for _, e := range lb.Leaderboard {
		switch e.Optimizer {
		case "gdm":
			if e.FinishedAt == nil {
				t.Error("momentum did not reach bumpy's global minimum")
			}
		case "gd":
			if e.FinishedAt != nil || e.X < 3.8 || e.X > 3.9 {
				t.Errorf("GD on bumpy: %+v, want stuck near 3.8375", e)
			}
		}
	}
	out, _, _ = run(t, "race", "--fn", "quartic")
	if !strings.Contains(out, "GD         DNF") {
		t.Errorf("GD on x⁴ does not diverge:\n%s", out)
	}
	_, errOut, code := run(t, "race", "--fn", "cubic")
	if code != 2 || !strings.Contains(errOut, "must be one of quadratic|steep|quartic|bumpy") {
		t.Errorf("--fn cubic: %d %q", code, errOut)
	}
}

// TestStartTooFarOutIsAUsageError: every command that races refuses a start
// point where the landscape overflows, naming --x0 and its limit there.
func TestStartTooFarOutIsAUsageError(t *testing.T) {
	want := "optirace: --x0 must be within 1.4e51 of x* = 0 on f(x) = x⁴ (further out f(x) or f′(x)² overflows float64), got 1e+60"
	for _, args := range [][]string{
		{"--fn", "quartic", "--x0", "1e60"},
		{"race", "--fn", "quartic", "--x0", "1e60"},
		{"plot", "--out", filepath.Join(t.TempDir(), "x.png"), "--fn", "quartic", "--x0", "1e60"},
		{"serve", "--fn", "quartic", "--x0", "1e60"},
	} {
		requireUsageLine(t, args, want)
	}
}
