package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// cancelAfter is a context that reports itself cancelled from its (n+1)th
// look on: a command interrupted in the middle of its work, at a point
// that does not depend on timing.
type cancelAfter struct {
	context.Context
	looks atomic.Int64
	n     int64
}

func newCancelAfter(n int64) *cancelAfter {
	return &cancelAfter{Context: context.Background(), n: n}
}

func (c *cancelAfter) Err() error {
	if c.looks.Add(1) > c.n {
		return context.Canceled
	}
	return nil
}

// runCtx is run with a context of the test's choosing.
func runCtx(ctx context.Context, args ...string) (string, string, int) {
	var out, errOut bytes.Buffer
	code := Execute(ctx, args, &out, &errOut)
	return out.String(), errOut.String(), code
}

// TestInterruptedRacePrintsNothing: a race that would run 10⁷ steps (about
// 9 s) stops when its context is cancelled, prints no leaderboard and
// exits 130, as after Ctrl-C.
func TestInterruptedRacePrintsNothing(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for name, ctx := range map[string]context.Context{"before": cancelled, "midway": newCancelAfter(3)} {
		t.Run(name, func(t *testing.T) {
			for _, format := range []string{"text", "json"} {
				out, errOut, code := runCtx(ctx, "race", "--fn", "steep", "--max-steps", "10000000", "--format", format)
				if code != 130 || out != "" || errOut != "" {
					t.Errorf("%s: exit %d, stdout %q, stderr %q; want 130 and nothing printed", format, code, out, errOut)
				}
			}
		})
	}
}

// TestInterruptedTableEndsOnAWholeRow: a table cut short by its context
// ends with the last whole row it computed (never half a line) and exits
// 130 without a message.
func TestInterruptedTableEndsOnAWholeRow(t *testing.T) {
	for _, format := range []string{"text", "csv", "json"} {
		t.Run(format, func(t *testing.T) {
			// Each optimizer has 10⁶ rows; the fifth look stops the table
			// a few tens of thousands of rows in.
			out, errOut, code := runCtx(newCancelAfter(4), "table", "--steps", "1000000", "--format", format)
			if code != 130 || errOut != "" {
				t.Fatalf("exit %d, stderr %q; want 130 and no message", code, errOut)
			}
			lines := strings.Split(out, "\n")
			if last := lines[len(lines)-1]; last != "" {
				t.Fatalf("output ends in half a line %q", last)
			}
			lines = lines[:len(lines)-1]
			if n := len(lines); n < 2*ctxCheckRows || n > 10*ctxCheckRows {
				t.Fatalf("%d lines: want the rows up to the fifth look at the context, a few thousand", n)
			}
			last := lines[len(lines)-1]
			switch format {
			case "text":
				if !strings.HasPrefix(last, "Iteration ") || !strings.Contains(last, ", f(x) = ") {
					t.Errorf("last line %q", last)
				}
			case "csv":
				if got, want := strings.Count(last, ","), strings.Count(lines[0], ","); got != want {
					t.Errorf("last line %q has %d commas, the header %d", last, got, want)
				}
			case "json":
				var row map[string]any
				if err := json.Unmarshal([]byte(strings.TrimSuffix(last, ",")), &row); err != nil || row["optimizer"] == nil {
					t.Errorf("last line %q: %v", last, err)
				}
			}
		})
	}
}

// TestInterruptedNeuronEndsOnAWholeIteration: neuron --steps 1000000 (about
// 5 s) stops at its context, after a whole iteration, with exit status 130.
func TestInterruptedNeuronEndsOnAWholeIteration(t *testing.T) {
	out, errOut, code := runCtx(newCancelAfter(2), "neuron", "--steps", "1000000")
	if code != 130 || errOut != "" {
		t.Fatalf("exit %d, stderr %q; want 130 and no message", code, errOut)
	}
	if n := strings.Count(out, "\nIteration "); n != 3*ctxCheckIterations-1 {
		t.Errorf("%d iterations, want %d (up to the third look at the context)", n, 3*ctxCheckIterations-1)
	}
	if !strings.HasSuffix(out, "  new out = 0\n") {
		t.Errorf("does not end on a whole iteration: %q", out[max(0, len(out)-200):])
	}
}

// TestInterruptedPlotLeavesNoFile: interrupted before or while it draws,
// plot writes no file and exits 130.
func TestInterruptedPlotLeavesNoFile(t *testing.T) {
	for name, looks := range map[string]int64{"before drawing": 0, "while drawing": 1} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			out, errOut, code := runCtx(newCancelAfter(looks), "plot", "--out", filepath.Join(dir, "race.png"))
			if code != 130 || out != "" || errOut != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 130 and nothing printed", code, out, errOut)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("folder holds %v, want nothing", entries)
			}
		})
	}
}
