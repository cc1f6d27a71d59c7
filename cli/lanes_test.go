package cli

import (
	"encoding/csv"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/optirace/optirace/optimizers"
	"github.com/spf13/pflag"
)

// csvRows runs args and returns the CSV's header and rows.
func csvRows(t *testing.T, args ...string) (header []string, rows [][]string) {
	t.Helper()
	out, errOut, code := run(t, args...)
	if code != 0 || errOut != "" {
		t.Fatalf("%v: exit %d, stderr %q", args, code, errOut)
	}
	all, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return all[0], all[1:]
}

// withoutLane drops a row's lane and label cells, which say where in a
// race the row stood rather than what it computed.
func withoutLane(header, row []string) []string {
	out := make([]string, 0, len(row))
	for i, cell := range row {
		if header[i] != "lane" && header[i] != "label" {
			out = append(out, cell)
		}
	}
	return out
}

// singleRunArgs are the flags of a single-optimizer table run with lane
// l's settings.
func singleRunArgs(l optimizers.Lane) []string {
	id := l.Kind.ID()
	args := []string{"--optimizer", id}
	for _, s := range l.Settings() {
		key := id + "." + s.Key
		if s.Key == "eps" {
			key = "eps"
		}
		args = append(args, "--"+key, strconv.FormatFloat(s.Value, 'g', -1, 64))
	}
	return args
}

// TestLanesAreSingleRuns is issue 18's done-when: `table --lane …` gives
// for every lane exactly the rows a single-optimizer run with those
// settings gives, for mixes of optimizers, repeats and settings, on 1-D
// and 2-D landscapes, with flags that the lanes' unset keys take.
func TestLanesAreSingleRuns(t *testing.T) {
	for _, c := range []struct {
		flags []string // the race flags both runs share
		lanes []string
	}{
		{nil, []string{"gd:lr=0.01", "gd:lr=0.1", "gd:lr=0.5", "gd:lr=0.9", "gd:lr=1.01"}},
		{[]string{"--adam.beta2", "0.99", "--eps", "1e-6"}, []string{"adam:beta1=0.5", "rmsprop:decay=0.5,lr=0.3", "adam", "gdm:momentum=0.5", "adagrad:eps=1e-3"}},
		{[]string{"--fn", "bumpy", "--x0", "-7"}, []string{"rmsprop", "gdm:lr=0.02,momentum=0.95", "gd", "gd"}},
		{[]string{"--fn", "rosenbrock"}, []string{"gdm", "gdm:momentum=0.5", "adam:lr=0.02,beta2=0.9", "gd:lr=0.001", "adagrad:lr=0.1", "rmsprop:lr=0.001,eps=1e-4", "gd:lr=0.1", "adam"}},
		{[]string{"--fn", "himmelblau", "--y0", "-1", "--gdm.momentum", "0.5"}, []string{"gdm", "adam:beta1=0.8"}},
	} {
		t.Run(strings.Join(c.lanes, " "), func(t *testing.T) {
			raceArgs := slices.Clone(c.flags)
			for _, l := range c.lanes {
				raceArgs = append(raceArgs, "--lane", l)
			}
			header, rows := csvRows(t, append([]string{"table", "--format", "csv", "--steps", "60"}, raceArgs...)...)
			// The lanes as the flags make them, to build each single run.
			f := newRaceFlags()
			fs := pflag.NewFlagSet("lanes", pflag.ContinueOnError)
			f.register(fs)
			if err := fs.Parse(raceArgs); err != nil {
				t.Fatal(err)
			}
			lanes, err := f.raceLanes()
			if err != nil || len(lanes) != len(c.lanes) {
				t.Fatalf("lanes %v, %v", lanes, err)
			}
			labels := optimizers.Labels(lanes)
			for i, l := range lanes {
				single := append(append([]string{"table", "--format", "csv", "--steps", "60"}, c.flags...), singleRunArgs(l)...)
				sHeader, sRows := csvRows(t, single...)
				if !slices.Equal(header, sHeader) || len(sRows) != 61 {
					t.Fatalf("single run %v: header %v, %d rows", single, sHeader, len(sRows))
				}
				laneRows := rows[61*i : 61*(i+1)]
				for j := range sRows {
					got := laneRows[j]
					if got[1] != strconv.Itoa(i+1) || got[2] != labels[i] {
						t.Fatalf("lane %d row %d: lane %s label %s, want %d %s", i+1, j, got[1], got[2], i+1, labels[i])
					}
					if !slices.Equal(withoutLane(header, got), withoutLane(header, sRows[j])) {
						t.Fatalf("lane %d (%s) row %d:\n got %v\nwant %v (%v)", i+1, c.lanes[i], j, got, sRows[j], single)
					}
				}
			}
		})
	}
}

// TestLaneBadInput: each kind of bad --lane the issue lists, and --optimizer
// with --lane, is one line and exit status 2, on every command that races.
func TestLaneBadInput(t *testing.T) {
	nine := []string{}
	for range 9 {
		nine = append(nine, "--lane", "gd")
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--lane", "sgd:lr=0.1"}, `invalid argument "sgd:lr=0.1" for "--lane" flag: unknown optimizer "sgd": want one of gd|gdm|adagrad|rmsprop|adam`},
		{[]string{"--lane", "gd:rate=0.1"}, `invalid argument "gd:rate=0.1" for "--lane" flag: unknown key "rate": want one of lr, momentum, decay, beta1, beta2, eps`},
		{[]string{"--lane", "gd:momentum=0.5"}, `invalid argument "gd:momentum=0.5" for "--lane" flag: gd has no momentum (gdm has)`},
		{[]string{"--lane", "adam:lr=0.1,lr=0.2"}, `invalid argument "adam:lr=0.1,lr=0.2" for "--lane" flag: lr given twice`},
		{[]string{"--lane", "gd:lr"}, `invalid argument "gd:lr" for "--lane" flag: lr needs a value: lr=0.1`},
		{[]string{"--lane", "gd:lr=nan"}, `invalid argument "gd:lr=nan" for "--lane" flag: lr must be a finite number > 0`},
		{[]string{"--lane", "gd:lr=0"}, `invalid argument "gd:lr=0" for "--lane" flag: lr must be a finite number > 0`},
		{[]string{"--lane", "adagrad:eps=-1"}, `invalid argument "adagrad:eps=-1" for "--lane" flag: eps must be a finite number > 0`},
		{[]string{"--lane", "gdm:momentum=1"}, `invalid argument "gdm:momentum=1" for "--lane" flag: momentum must be a number in [0, 1)`},
		{[]string{"--lane", "rmsprop:decay=-0.1"}, `invalid argument "rmsprop:decay=-0.1" for "--lane" flag: decay must be a number in [0, 1)`},
		{[]string{"--lane", "adam:beta1=1"}, `invalid argument "adam:beta1=1" for "--lane" flag: beta1 must be a number in [0, 1)`},
		{[]string{"--lane", "adam:beta2=1.5"}, `invalid argument "adam:beta2=1.5" for "--lane" flag: beta2 must be a number in [0, 1)`},
		{nine, `invalid argument "gd" for "--lane" flag: a race holds 1 to 8 lanes, got 9`},
	} {
		for _, cmd := range []string{"table", "race"} {
			requireUsageLine(t, append([]string{cmd}, c.args...), "optirace: "+c.want)
		}
	}
	requireUsageLine(t, []string{"table", "--optimizer", "gd", "--lane", "gd:lr=0.5"},
		"optirace: --optimizer and --lane cannot be used together: each --lane names its optimizer")
	// The lanes' own keys, read against the flags, may leave a flag's bad value to the race's checks.
	requireUsageLine(t, []string{"race", "--lane", "gd:lr=0.5", "--fn", "quartic", "--x0", "1e60"},
		"optirace: --x0 must be within 1.4e51 of x* = 0 on f(x) = x⁴ (further out f(x) or f′(x)² overflows float64), got 1e+60")
}

// TestY0BadInput: --y0 that is not finite, --y0 on a 1-D landscape and a
// landscape that does not exist are each one line and exit status 2.
func TestY0BadInput(t *testing.T) {
	for _, cmd := range []string{"table", "race"} {
		for _, c := range []struct {
			args []string
			want string
		}{
			{[]string{"--fn", "bowl", "--y0", "nan"}, `invalid argument "nan" for "--y0" flag: must be a finite number`},
			{[]string{"--fn", "bowl", "--y0", "-inf"}, `invalid argument "-inf" for "--y0" flag: must be a finite number`},
			{[]string{"--y0", "1"}, "--y0: quadratic is a 1-D landscape, f(x) = x², with no y; the 2-D ones are bowl|rosenbrock|beale|saddle|himmelblau"},
			{[]string{"--fn", "bumpy", "--y0", "0"}, "--y0: bumpy is a 1-D landscape, f(x) = x² + 10·sin(x), with no y; the 2-D ones are bowl|rosenbrock|beale|saddle|himmelblau"},
			{[]string{"--fn", "banana"}, `invalid argument "banana" for "--fn" flag: must be one of quadratic|steep|quartic|bumpy|bowl|rosenbrock|beale|saddle|himmelblau`},
		} {
			requireUsageLine(t, append([]string{cmd}, c.args...), "optirace: "+c.want)
		}
	}
	requireUsageLine(t, []string{"race", "--fn", "rosenbrock", "--x0", "1e100"},
		"optirace: --x0, --y0: the start (x0, y0) = (1e+100, 1) is too far out on f(x, y) = (1 − x)² + 100(y − x²)²: f or a partial derivative squared overflows float64 there")
}

// TestLandscapeDefaults: a flag not given takes the landscape's own value,
// a flag given its own; --help says the defaults depend on the landscape.
func TestLandscapeDefaults(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		// Bowl from (−8, 2) at its α = 0.09: x ← 0.82·x, y ← −0.8·y.
		{[]string{"--fn", "bowl"}, "Iteration 1: x = -6.5600000000000005, y = -1.5999999999999996, f(x, y) = 68.6336\n"},
		{[]string{"--fn", "bowl", "--gd.lr", "0.05"}, "Iteration 1: x = -7.2, y = 0.0, f(x, y) = 51.84\n"},
		{[]string{"--fn", "bowl", "--x0", "1"}, "Iteration 1: x = 0.8200000000000001, y = -1.5999999999999996, f(x, y) = 26.272399999999987\n"},
		{[]string{"--fn", "bowl", "--y0", "0"}, "Iteration 1: x = -6.5600000000000005, y = 0.0, f(x, y) = 43.03360000000001\n"},
		{[]string{"--fn", "quadratic"}, "Iteration 1: x = 8.0, f(x) = 64.0\n"},
	} {
		out, errOut, code := run(t, append([]string{"table", "--optimizer", "gd", "--steps", "1"}, c.args...)...)
		if code != 0 || errOut != "" || out != c.want {
			t.Errorf("%v: exit %d %q, got %q, want %q", c.args, code, errOut, out, c.want)
		}
	}
	out, _, _ := run(t, "table", "--help")
	for _, want := range []string{"(default: the landscape's; 0.1 on the 1-D ones)", "(default: the landscape's start; 10 on the 1-D ones)", "--lane lane", "--y0 float"} {
		if !strings.Contains(out, want) {
			t.Errorf("table --help lacks %q", want)
		}
	}
	if strings.Contains(out, "(default 0.1)") {
		t.Error("table --help gives a fixed default for a landscape's hyperparameter")
	}
}

// TestLaneOutputs: text heads each lane with its name; JSON entries carry
// lane, label and the run; race ranks lanes with lane and label.
func TestLaneOutputs(t *testing.T) {
	out, _, code := run(t, "table", "--steps", "1", "--lane", "gd:lr=0.5", "--lane", "gd", "--lane", "adam:beta1=0.5")
	want := "GD α=0.5\nIteration 1: x = 0.0, f(x) = 0.0\n\nGD α=0.1\nIteration 1: x = 8.0, f(x) = 64.0\n\n" +
		"Adam\nIteration 1: x = 9.500000000250001, f(x) = 90.25000000475002, m = 10.0, v = 0.40000000000000036\n"
	if code != 0 || out != want {
		t.Errorf("text:\n%s\nwant\n%s", out, want)
	}
	out, _, _ = run(t, "table", "--format", "json", "--steps", "1", "--fn", "saddle", "--lane", "gdm:momentum=0.5", "--lane", "rmsprop")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 4 {
		t.Fatalf("json: %v, %d rows:\n%s", err, len(rows), out)
	}
	for key, want := range map[string]any{
		"optimizer": "gdm", "lane": 1.0, "label": "GDM", "t": 1.0, "x0": 8.0, "y0": 0.001, "landscape": "saddle",
		"alpha": 0.02, "momentum": 0.5, "tol": 0.001, "velocity_x": -0.32,
	} {
		if rows[1][key] != want {
			t.Errorf("gdm's t = 1 entry: %s = %v, want %v", key, rows[1][key], want)
		}
	}
	for _, key := range []string{"beta1", "decay", "eps", "step_x", "G_x"} {
		if _, ok := rows[1][key]; ok {
			t.Errorf("gdm's entry has %s, which GDM does not have", key)
		}
	}
	if rows[3]["lane"] != 2.0 || rows[3]["decay"] != 0.9 || rows[3]["eps"] != 1e-8 || rows[3]["Eg2_y"] == nil {
		t.Errorf("rmsprop's entry: %v", rows[3])
	}

	out, _, _ = run(t, "race", "--format", "json", "--lane", "gd:lr=0.01", "--lane", "gd:lr=0.5", "--lane", "gd:lr=1.01")
	var lb leaderboardJSON
	if err := json.Unmarshal([]byte(out), &lb); err != nil || len(lb.Leaderboard) != 3 {
		t.Fatalf("race json: %v\n%s", err, out)
	}
	for i, w := range []struct {
		lane  int
		label string
	}{{2, "GD α=0.5"}, {1, "GD α=0.01"}, {3, "GD α=1.01"}} {
		if e := lb.Leaderboard[i]; e.Lane != w.lane || e.Label != w.label || e.Rank != i+1 {
			t.Errorf("rank %d: lane %d %q, want lane %d %q", i+1, e.Lane, e.Label, w.lane, w.label)
		}
	}
	if lb.Leaderboard[2].DivergedAt == nil {
		t.Error("GD at α = 1.01 did not diverge")
	}
}

// TestRaceTwoD: race on a 2-D landscape reports x, y and the minimum each
// lane ended nearest.
func TestRaceTwoD(t *testing.T) {
	out, _, code := run(t, "race", "--fn", "himmelblau", "--format", "json")
	var lb leaderboardJSON
	if err := json.Unmarshal([]byte(out), &lb); err != nil || code != 0 {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, e := range lb.Leaderboard {
		if e.Y == nil || e.Nearest == nil || len(*e.Nearest) != 2 {
			t.Fatalf("%s: y %v, nearest %v", e.Label, e.Y, e.Nearest)
		}
		want := []number{3, 2}
		if e.Optimizer == "gdm" {
			want = []number{-2.805118086952745, 3.131312518250573}
		}
		if !slices.Equal(*e.Nearest, want) {
			t.Errorf("%s ended nearest %v, want %v", e.Label, *e.Nearest, want)
		}
	}
	text, _, _ := run(t, "race", "--fn", "himmelblau")
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if !strings.HasPrefix(lines[0], "rank  optimizer  reached  settled  x") || !strings.Contains(lines[0], "f(x, y)") ||
		!strings.HasSuffix(lines[0], "nearest minimum") || !strings.Contains(text, "(-2.805118086952745, 3.131312518250573)") {
		t.Errorf("race --fn himmelblau:\n%s", text)
	}
}

// TestScreensTakeLanesAndTwoD: the race screens take --lane and the 2-D
// landscapes; without a terminal, the one line says that, not the flags.
func TestScreensTakeLanesAndTwoD(t *testing.T) {
	out, errOut, code := run(t, "--fn", "rosenbrock", "--lane", "gd:lr=0.001", "--lane", "adam", "--y0", "2")
	if code == 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, errNoTerminal.Error()) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
