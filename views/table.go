package views

import (
	"slices"
	"strconv"

	"github.com/charmbracelet/x/ansi"
	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
)

// minColumnWidth fits any number in Compact form with two significant
// digits ("-2.6e-6"; one for a negative one below 1e-9, "-3e-16");
// columns that would be narrower are dropped (zoom shows them all).
const minColumnWidth = 7

// maxColumnWidth is as wide as a column grows: room for six significant
// digits with sign and exponent.
const maxColumnWidth = 12

// tableColumns returns the quantities of k on a landscape of dim
// coordinates that fit in width w beside a t column of width tw — the n
// most telling, in the lecture's order — and each column's width (the
// spare columns shared out from the left).
func tableColumns(k optimizers.Kind, dim, w, tw int) ([]optimizers.Quantity, []int) {
	all := k.QuantitiesIn(dim)
	n := min(len(all), (w-tw)/(minColumnWidth+1))
	if n <= 0 {
		return nil, nil
	}
	keeps := make([]int, len(all))
	for i, q := range all {
		keeps[i] = q.Keep
	}
	slices.Sort(keeps)
	cols := make([]optimizers.Quantity, 0, n)
	for _, q := range all {
		if q.Keep <= keeps[n-1] && len(cols) < n {
			cols = append(cols, q)
		}
	}
	room := w - tw - n // each column has a space before it
	widths := make([]int, n)
	for i := range widths {
		widths[i] = min(room/n, maxColumnWidth)
		if i < room%n && widths[i] < maxColumnWidth {
			widths[i]++
		}
	}
	return cols, widths
}

// iterTable renders the latest iterations of one lane. A row, once
// formatted, never changes for a given race and width, so rows are kept
// between frames and a step formats only the new one.
type iterTable struct {
	key  tableKey
	rows map[int]string // by t
	buf  []byte
}

// tableKey is everything a formatted row depends on besides its state.
type tableKey struct {
	lane      optimizers.Lane
	objective string
	start     optimizers.Vec
	w, tw     int
	widths    [8]int
	ncols     int
}

// maxCachedRows bounds the row cache; it is cleared when it grows past this.
const maxCachedRows = 1024

// lines renders a header and one row per state (oldest first), newest at the
// bottom and highlighted, as exactly h lines of w columns.
func (tb *iterTable) lines(s *Styles, lane int, l optimizers.Lane, obj optimizers.Objective, start optimizers.Vec,
	states []optimizers.State, w, h int,
) []string {
	if h <= 0 || w <= 0 {
		return nil
	}
	rows := min(len(states), h-1)
	states = states[len(states)-rows:]
	maxT := 0
	if rows > 0 {
		maxT = states[rows-1].T
	}
	// t's column has room for three digits from the start, so that the
	// columns beside it stay put as t reaches 10 and 100.
	tw := max(len(strconv.Itoa(maxT)), 3)
	cw := w - 1 // a space between the last column and the border
	cols, widths := tableColumns(l.Kind, obj.Dim, cw, tw)
	if len(cols) == 0 {
		// Too narrow for t and a number: x alone says more than t alone.
		tw = 0
		cols, widths = tableColumns(l.Kind, obj.Dim, cw+1, tw)
	}
	key := tableKey{lane: l, objective: obj.Name, start: start, w: w, tw: tw, ncols: len(cols)}
	copy(key.widths[:], widths)
	if tb.rows == nil || key != tb.key || len(tb.rows) > maxCachedRows {
		tb.key, tb.rows = key, make(map[int]string, 64)
	}

	out := make([]string, 0, h)
	b := tb.buf[:0]
	if tw > 0 {
		b = appendPadLeft(b, "t", tw)
	}
	for i, q := range cols {
		if tw > 0 || i > 0 {
			b = append(b, ' ')
		}
		b = appendPadLeft(b, s.Spell(q.Symbol), widths[i])
	}
	out = append(out, s.paints.dim.wrap(fit(string(b), w)))
	for i, st := range states {
		line, ok := tb.rows[st.T]
		if !ok {
			b = b[:0]
			if tw > 0 {
				b = appendPadLeft(b, strconv.Itoa(st.T), tw)
			}
			for i, q := range cols {
				if tw > 0 || i > 0 {
					b = append(b, ' ')
				}
				if q.FromStep && st.T == 0 {
					b = appendPadLeft(b, none(s.ASCII), widths[i])
					continue
				}
				var cell [24]byte
				b = appendPadLeft(b, string(numfmt.AppendCompact(cell[:0], q.Get(st), widths[i])), widths[i])
			}
			line = fit(string(b), w)
			tb.rows[st.T] = line
		}
		if i == rows-1 {
			line = s.paints.laneBold[lane].wrap(line)
		}
		out = append(out, line)
	}
	tb.buf = b
	return padLines(out, w, h)
}

// appendPadLeft appends text right-aligned in w columns.
func appendPadLeft(b []byte, text string, w int) []byte {
	for n := ansi.StringWidth(text); n < w; n++ {
		b = append(b, ' ')
	}
	return append(b, text...)
}
