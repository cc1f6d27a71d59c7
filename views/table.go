package views

import (
	"slices"
	"strconv"

	"github.com/charmbracelet/x/ansi"
	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
)

// minColumnWidth is the narrowest a number column is: columns keep their
// places while their numbers are short (10, 0.5), and a column of longer
// numbers is as wide as they need (numfmt.MinWidth).
const minColumnWidth = 7

// maxColumnWidth is as wide as a column grows: room for six significant
// digits with sign and exponent.
const maxColumnWidth = 12

// tableLookback is how many of the latest iterations size a table's
// columns: each column is as wide as these iterations' numbers need for
// three significant digits and the sign, not only the rows in sight, so
// that a column does not come and go with every step.
const tableLookback = 32

// tableColumns picks which of the quantities qs fit in width w beside a t
// column of width tw, each at least needs wide (its numbers' widest
// numfmt.MinWidth): the most telling first (lowest Keep) until one does
// not fit, so that a column is dropped before any number loses a digit.
// It returns them in the lecture's order with each column's width, the
// spare columns shared out to the narrowest first, from the left.
func tableColumns(qs []optimizers.Quantity, needs []int, w, tw int) ([]optimizers.Quantity, []int) {
	n := min(len(qs), maxQuantities)
	var order [maxQuantities]int
	for i := range n {
		order[i] = i
	}
	slices.SortStableFunc(order[:n], func(a, b int) int { return qs[a].Keep - qs[b].Keep })
	var picked [maxQuantities]bool
	used := tw
	for _, i := range order[:n] {
		if used+1+needs[i] > w {
			break
		}
		used += 1 + needs[i]
		picked[i] = true
	}
	cols := make([]optimizers.Quantity, 0, len(qs))
	widths := make([]int, 0, len(qs))
	for i, q := range qs {
		if picked[i] {
			cols = append(cols, q)
			widths = append(widths, needs[i])
		}
	}
	shareOut(widths, w-used)
	return cols, widths
}

// shareOut widens columns of widths by spare columns in all, one at a time
// to the narrowest (the leftmost of equals), none past maxColumnWidth.
func shareOut(widths []int, spare int) {
	for ; spare > 0; spare-- {
		narrowest := -1
		for i, cw := range widths {
			if cw < maxColumnWidth && (narrowest < 0 || cw < widths[narrowest]) {
				narrowest = i
			}
		}
		if narrowest < 0 {
			return
		}
		widths[narrowest]++
	}
}

// iterTable renders the latest iterations of one lane. A row, once
// formatted, never changes for a given race and width, so rows are kept
// between frames and a step formats only the new one.
type iterTable struct {
	key  tableKey
	rows map[int]string // by t
	// needs are each state's numbers' widths (numfmt.MinWidth), by t, in
	// the order of the lane's quantities: like a row, a state's never
	// change for a given race.
	needsKey needsKey
	needs    map[int]stateNeeds
	buf      []byte
}

// maxQuantities is the most quantities a lane has: 2-D Adam's 17.
const maxQuantities = 18

// stateNeeds is the width each quantity of a state needs.
type stateNeeds [maxQuantities]uint8

// needsKey is everything a state's needs depend on besides its step.
type needsKey struct {
	lane      optimizers.Lane
	objective string
	start     optimizers.Vec
}

// tableKey is everything a formatted row depends on besides its state.
type tableKey struct {
	needsKey
	w, tw  int
	widths [maxQuantities]int
	ncols  int
}

// maxCachedRows bounds the row cache; it is cleared when it grows past this.
const maxCachedRows = 1024

// lines renders a header and one row for each of the latest h−1 states
// (oldest first), newest at the bottom and highlighted, as exactly h lines
// of w columns; the states before them (up to tableLookback in all) size
// the columns.
func (tb *iterTable) lines(s *Styles, lane int, l optimizers.Lane, obj optimizers.Objective, start optimizers.Vec,
	states []optimizers.State, w, h int,
) []string {
	if h <= 0 || w <= 0 {
		return nil
	}
	all := l.Kind.QuantitiesIn(obj.Dim)
	nk := needsKey{lane: l, objective: obj.Name, start: start}
	if tb.needs == nil || nk != tb.needsKey || len(tb.needs) > maxCachedRows {
		tb.needsKey, tb.needs = nk, make(map[int]stateNeeds, 64)
	}
	var widest [maxQuantities]int
	needs := widest[:len(all)]
	for i, q := range all {
		needs[i] = max(minColumnWidth, ansi.StringWidth(s.Spell(q.Symbol)))
	}
	for _, st := range states[max(0, len(states)-tableLookback):] {
		sn, ok := tb.needs[st.T]
		if !ok {
			for i, q := range all {
				if !q.FromStep || st.T > 0 {
					sn[i] = uint8(numfmt.MinWidth(q.Get(st))) //nolint:gosec // G115: at most 10 (numfmt.MinWidth)
				}
			}
			tb.needs[st.T] = sn
		}
		for i := range all {
			needs[i] = max(needs[i], int(sn[i]))
		}
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
	cols, widths := tableColumns(all, needs, cw, tw)
	if len(cols) == 0 {
		// Too narrow for t and a number: x alone says more than t alone,
		// in as many columns as there are (with fewer digits, if it must).
		tw = 0
		needs[0] = min(needs[0], w)
		cols, widths = tableColumns(all, needs, w, -1)
	}
	key := tableKey{needsKey: nk, w: w, tw: tw, ncols: len(cols)}
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
