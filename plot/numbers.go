package plot

import (
	"math"
	"strconv"
	"strings"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	gplot "gonum.org/v1/plot"
)

// Numbers on the figure are written in one style, on the axes and in the
// legends alike: plain (150, 2.5, 0.001) from 1e-4 up to 10⁶, otherwise as
// a mantissa and a short exponent (4e13, 1.5e-7).
const (
	plainMin = 1e-4
	plainMax = 1e6
)

// legendDigits is how many significant digits a hyperparameter keeps in a
// legend or the heading: enough to tell settings apart, short enough that
// the legend fits its panel.
const legendDigits = 6

// isPlain reports whether |v| is written without an exponent.
func isPlain(v float64) bool {
	a := math.Abs(v)
	return a == 0 || (a >= plainMin && a < plainMax)
}

// withDigits writes v rounded to digits significant digits, with no
// trailing zeros, in the figure's style.
func withDigits(v float64, digits int) string {
	if isPlain(v) {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'e', digits-1, 64), 64)
		return strconv.FormatFloat(r, 'f', -1, 64)
	}
	return numfmt.Exponent(v, digits)
}

// hyperparameter writes a value of domain d in legendDigits significant
// digits, or more where fewer would round it out of its domain (β₂ =
// 0.999999999 would read 1, which no β₂ can be). exact reports whether the
// text is v itself rather than a rounding of it.
func hyperparameter(v float64, d optimizers.Domain) (text string, exact bool) {
	for digits := legendDigits; digits < 17; digits++ {
		s := withDigits(v, digits)
		r, err := strconv.ParseFloat(s, 64)
		if err == nil && r == v {
			return s, true
		}
		if err == nil && d.Contains(r) {
			return s, false
		}
	}
	return withDigits(v, 17), true
}

// equation writes "symbol = v", or "symbol ≈ v" where v is rounded.
func equation(symbol string, v float64, d optimizers.Domain) string {
	s, exact := hyperparameter(v, d)
	if exact {
		return symbol + " = " + s
	}
	return symbol + " ≈ " + s
}

// ticks are gonum's default ticks labelled in the figure's style: all labels
// of an axis plain, with no more decimals than they need (2.5, 10, not
// 10.00), or all with exponents (0, 2e13, 4e13) when a label reaches 10⁶
// or one that is not zero falls below 1e-4.
type ticks struct{}

// Ticks implements gplot.Ticker.
func (ticks) Ticks(lo, hi float64) []gplot.Tick {
	// Far from 1 gonum's search for round ticks runs out of float64 (from
	// about 1e150 it falls back to the axis's ends and middle, 1.6335e306):
	// it searches the axis in units of a power of ten instead.
	scale := 1.0
	if m := max(math.Abs(lo), math.Abs(hi)); m > 1e100 || (m > 0 && m < 1e-100) {
		scale = math.Pow10(int(math.Floor(math.Log10(m))))
	}
	var ts []gplot.Tick
	var values []float64
	for _, t := range (gplot.DefaultTicks{}).Ticks(lo/scale, hi/scale) {
		t.Value *= scale
		if !finite(t.Value) {
			continue
		}
		ts = append(ts, t)
		if t.Label != "" {
			values = append(values, t.Value)
		}
	}
	labels := tickLabels(values)
	for i, j := 0, 0; i < len(ts); i++ {
		if ts[i].Label != "" {
			ts[i].Label = labels[j]
			j++
		}
	}
	return ts
}

// tickLabels labels the increasing values of an axis's major ticks.
func tickLabels(values []float64) []string {
	labels := make([]string, len(values))
	if len(values) == 0 {
		return labels
	}
	// A label may differ from its tick by a millionth of the tick spacing:
	// tick values are multiples of the spacing up to rounding.
	spacing := math.Inf(1)
	for i := 1; i < len(values); i++ {
		spacing = min(spacing, values[i]-values[i-1])
	}
	if math.IsInf(spacing, 1) || spacing <= 0 {
		spacing = math.Abs(values[0])
	}
	tol := 1e-6 * spacing
	plain := true
	for _, v := range values {
		if !isPlain(v) && math.Abs(v) > tol {
			plain = false
		}
	}
	if plain {
		decimals := 0
		for decimals < 15 && !roundsWithin(values, decimals, tol) {
			decimals++
		}
		for i, v := range values {
			labels[i] = plainLabel(v, decimals)
		}
		return labels
	}
	for i, v := range values {
		if math.Abs(v) <= tol {
			labels[i] = "0"
			continue
		}
		digits := 1
		for digits < 17 {
			r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'e', digits-1, 64), 64)
			if err == nil && math.Abs(r-v) <= tol {
				break
			}
			digits++
		}
		labels[i] = numfmt.Exponent(v, digits)
	}
	return labels
}

// roundsWithin reports whether every value rounded to decimals places is
// within tol of itself.
func roundsWithin(values []float64, decimals int, tol float64) bool {
	for _, v := range values {
		r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'f', decimals, 64), 64)
		if err != nil || math.Abs(r-v) > tol {
			return false
		}
	}
	return true
}

// plainLabel writes v with at most decimals places and no trailing zeros,
// and 0 without a sign.
func plainLabel(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
