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
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "rank  optimizer  reached  settled") {
		t.Fatalf("got\n%s", out)
	}
	// The numbers at --max-steps 1000: RMSProp reaches the zone
	// first but leaves it at t = 73 and never settles, so it ranks last.
	want := []struct{ name, reached, settled string }{
		{"GD", "42", "42"}, {"Adam", "130", "168"}, {"GDM", "126", "172"}, {"AdaGrad", "276", "276"}, {"RMSProp", "20", "–"},
	}
	for i, w := range want {
		f := strings.Fields(lines[i+1])
		if f[1] != w.name || f[2] != w.reached || f[3] != w.settled {
			t.Errorf("rank %d: %v, want %s reached %s settled %s", i+1, f, w.name, w.reached, w.settled)
		}
	}
}

// TestRaceJSONReachedAndSettled: JSON says reached and settled as numbers
// or null, runs to --max-steps, and says whether the race is over then.
func TestRaceJSONReachedAndSettled(t *testing.T) {
	out, _, code := run(t, "race", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var lb leaderboardJSON
	if err := json.Unmarshal([]byte(out), &lb); err != nil {
		t.Fatal(err)
	}
	if lb.T != 1000 || lb.Over {
		t.Errorf("t = %d, over %v; want 1000 and not over (RMSProp never settles)", lb.T, lb.Over)
	}
	last := lb.Leaderboard[4]
	if last.Optimizer != "rmsprop" || last.Reached == nil || *last.Reached != 20 || last.Settled != nil {
		t.Errorf("RMSProp: %+v, want last, reached 20, settled null", last)
	}
	if !strings.Contains(out, `"settled": null`) || strings.Contains(out, "finished_at") {
		t.Errorf("JSON:\n%s", out)
	}
	out, _, _ = run(t, "race", "--format", "json", "--rmsprop.lr", "0.1", "--tol", "1")
	if err := json.Unmarshal([]byte(out), &lb); err != nil || !lb.Over || lb.T != 1000 {
		t.Errorf("every optimizer settled: over %v at t = %d (%v)", lb.Over, lb.T, err)
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
	if last.Optimizer != "gd" || last.DivergedAt == nil || *last.DivergedAt != 20 || last.Reached != nil {
		t.Fatalf("GD at α = 1.5: %+v", last)
	}
	for _, e := range lb.Leaderboard[:4] {
		if e.Reached == nil {
			t.Errorf("%s did not reach the zone", e.Optimizer)
		}
	}
	text, _, _ := run(t, "race", "--gd.lr", "1.5")
	if !strings.Contains(text, "GD         DNF") {
		t.Errorf("no DNF in\n%s", text)
	}
}

func TestRaceFlags(t *testing.T) {
	out, _, _ := run(t, "race", "--max-steps", "10")
	if strings.Count(out, "–") != 10 {
		t.Errorf("after 10 steps nobody has reached the zone, got\n%s", out)
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
			if e.Settled == nil {
				t.Error("momentum did not settle at bumpy's global minimum")
			}
		case "gd":
			if e.Reached != nil || e.X < 3.8 || e.X > 3.9 {
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
