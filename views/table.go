package views

import (
	"strconv"

	"github.com/charmbracelet/x/ansi"
	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
)

// minColumnWidth fits any number in Compact form with two significant
// digits ("-2.6e-6"); columns that would be narrower are dropped.
const minColumnWidth = 7

// tableColumns returns the quantities of k that fit in width w beside a t
// column of width tw, in the lecture's order, and each column's width.
func tableColumns(k optimizers.Kind, w, tw int) ([]optimizers.Quantity, int) {
	all := k.Quantities()
	n := min(len(all), (w-tw)/(minColumnWidth+1))
	if n <= 0 {
		return nil, 0
	}
	cols := make([]optimizers.Quantity, 0, n)
	for _, q := range all {
		if q.Keep < n {
			cols = append(cols, q)
		}
	}
	colW := min((w-tw)/n-1, 12)
	return cols, colW
}

// iterationTable renders the latest iterations of optimizer k as exactly h
// lines of w columns: a header, then one row per state, newest at the
// bottom and highlighted. states are oldest first.
func iterationTable(s *Styles, k optimizers.Kind, states []optimizers.State, w, h int) []string {
	if h <= 0 || w <= 0 {
		return nil
	}
	rows := min(len(states), h-1)
	states = states[len(states)-rows:]
	maxT := 0
	if rows > 0 {
		maxT = states[rows-1].T
	}
	tw := max(len(strconv.Itoa(maxT)), 1)
	cols, colW := tableColumns(k, w, tw)

	out := make([]string, 0, h)
	b := make([]byte, 0, w*2)
	// Header.
	b = appendPadLeft(b, "t", tw)
	for _, q := range cols {
		b = append(b, ' ')
		b = appendPadLeft(b, q.Symbol, colW)
	}
	out = append(out, s.paints.dim.wrap(fit(string(b), w)))
	for i, st := range states {
		b = b[:0]
		b = appendPadLeft(b, strconv.Itoa(st.T), tw)
		for _, q := range cols {
			b = append(b, ' ')
			if q.FromStep && st.T == 0 {
				b = appendPadLeft(b, "–", colW)
				continue
			}
			var cell [24]byte
			b = appendPadLeft(b, string(numfmt.AppendCompact(cell[:0], q.Get(st), colW)), colW)
		}
		line := fit(string(b), w)
		if i == rows-1 {
			line = s.paints.optimizerBold[k].wrap(line)
		}
		out = append(out, line)
	}
	return padLines(out, w, h)
}

// appendPadLeft appends text right-aligned in w columns.
func appendPadLeft(b []byte, text string, w int) []byte {
	for n := ansi.StringWidth(text); n < w; n++ {
		b = append(b, ' ')
	}
	return append(b, text...)
}
