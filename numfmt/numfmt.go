// Package numfmt formats float64 values for people: exactly as the lecture's
// Python prints them (Repr), and compactly for narrow table cells (Compact).
package numfmt

import (
	"bytes"
	"math"
	"strconv"
)

// Repr formats v as Python's repr(float) does: the shortest digits that
// round-trip, in fixed notation with at least one decimal when
// 1e-4 ≤ |v| < 1e16 (8.0, 335544320.0), otherwise in exponent form with a
// signed exponent of at least two digits (2.558132747664291e-06,
// 1.125899906842624e+17); inf, -inf and nan as Python spells them.
func Repr(v float64) string {
	return string(AppendRepr(make([]byte, 0, 24), v))
}

// AppendRepr appends Repr(v) to b and returns the extended buffer.
func AppendRepr(b []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "nan"...)
	case math.IsInf(v, 1):
		return append(b, "inf"...)
	case math.IsInf(v, -1):
		return append(b, "-inf"...)
	}
	if math.Signbit(v) {
		b = append(b, '-')
		v = -v
	}
	if v == 0 {
		return append(b, "0.0"...)
	}
	// Shortest round-trip digits d₁d₂…dₙ and exponent e, v = d₁.d₂…dₙ × 10ᵉ.
	// strconv writes them as "d.ddde±XX" (or "de±XX"): read them off in
	// place, allocating nothing.
	var buf, dbuf [32]byte
	s := strconv.AppendFloat(buf[:0], v, 'e', -1, 64)
	at := bytes.IndexByte(s, 'e')
	digits := append(dbuf[:0], s[0])
	if at > 2 {
		digits = append(digits, s[2:at]...)
	}
	e := 0
	for _, c := range s[at+2:] {
		e = 10*e + int(c-'0')
	}
	if s[at+1] == '-' {
		e = -e
	}
	if e < -4 || e >= 16 {
		b = append(b, digits[0])
		if len(digits) > 1 {
			b = append(b, '.')
			b = append(b, digits[1:]...)
		}
		b = append(b, 'e')
		if e < 0 {
			b = append(b, '-')
			e = -e
		} else {
			b = append(b, '+')
		}
		if e < 10 {
			b = append(b, '0')
		}
		return strconv.AppendInt(b, int64(e), 10)
	}
	point := e + 1 // digits before the decimal point
	switch {
	case point <= 0:
		b = append(b, "0."...)
		for range -point {
			b = append(b, '0')
		}
		b = append(b, digits...)
	case point >= len(digits):
		b = append(b, digits...)
		for range point - len(digits) {
			b = append(b, '0')
		}
		b = append(b, ".0"...)
	default:
		b = append(b, digits[:point]...)
		b = append(b, '.')
		b = append(b, digits[point:]...)
	}
	return b
}

// Compact formats v in at most width characters with up to six significant
// digits and a short exponent (1.5e-7, 3.2e12) when v is tiny or huge, or
// when fixed notation would keep fewer than three digits and the exponent
// form more (6.86e-4 in seven columns). Trailing zeros are dropped where v
// ends there (6.4, 1e-8) and kept down to three digits where v was rounded
// to them (5.90e6 for 5904900, 1.00 for 1.0000012), so that every digit
// shown is one v has. It loses digits rather than overflow the width (MinWidth
// is where the third goes); when not even one digit fits it returns width
// '#' characters. Non-finite values read inf, -inf and nan.
func Compact(v float64, width int) string {
	if width <= 0 {
		return ""
	}
	var buf [32]byte
	return string(AppendCompact(buf[:0], v, width))
}

// AppendCompact appends Compact(v, width) to b.
func AppendCompact(b []byte, v float64, width int) []byte {
	if width <= 0 {
		return b
	}
	var tmp [32]byte
	for prec := 6; prec >= 3; prec-- {
		if s := compact(tmp[:0], v, prec); len(s) <= width {
			return append(b, s...)
		}
	}
	// Fewer than three digits fit: the exponent form may keep more than
	// fixed notation does (1.2e-4 rather than 0.0001 in six columns).
	for prec := 6; prec >= 1; prec-- {
		if s := compact(tmp[:0], v, prec); len(s) <= width {
			return append(b, s...)
		}
		if s := compactExponent(tmp[:0], v, prec); len(s) <= width {
			return append(b, s...)
		}
	}
	for range width {
		b = append(b, '#')
	}
	return b
}

// Readable is how many significant digits a number needs to be read: the
// fewest any number optirace shows may have (MinWidth).
const Readable = 3

// MinWidth is the fewest columns in which Compact writes v with Readable
// significant digits and its sign (all of its digits where it has fewer:
// 0.5, 10, 8e-14), so that a column is never narrower than its numbers
// need: at most 10, for -1.23e-308. Non-finite values need as many as inf,
// -inf and nan.
func MinWidth(v float64) int {
	var buf [32]byte
	// Compact tries fixed notation first, then the exponent form (1.23e-4
	// in seven columns where 0.000123 needs eight): the shorter of the two.
	n := len(compact(buf[:0], v, Readable))
	return min(n, len(compactExponent(buf[:0], v, Readable)))
}

// compact formats v with prec significant digits: in fixed notation for
// 1e-4 ≤ |v| < 1e7 where that keeps them, else in short exponent form;
// trailing zeros dropped where v ends there (keepRounded).
func compact(b []byte, v float64, prec int) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "nan"...)
	case math.IsInf(v, 1):
		return append(b, "inf"...)
	case math.IsInf(v, -1):
		return append(b, "-inf"...)
	case v == 0:
		return append(b, '0')
	}
	a := math.Abs(v)
	if a >= 1e-4 && a < 1e7 {
		// Fixed notation, prec significant digits, trailing zeros dropped.
		s := strconv.AppendFloat(b, v, 'g', prec, 64)
		if bytes.IndexByte(s[len(b):], 'e') < 0 {
			return keepRounded(s, len(b), v, prec)
		}
		b = s[:len(b)]
	}
	return compactExponent(b, v, prec)
}

// compactExponent is exponent with the zeros keepRounded keeps: Compact's
// exponent form.
func compactExponent(b []byte, v float64, prec int) []byte {
	return keepRounded(exponent(b, v, prec), len(b), v, prec)
}

// exponent formats finite non-zero v with prec significant digits in short
// exponent form (1.5e-7), trailing zeros dropped; other values as compact
// does.
func exponent(b []byte, v float64, prec int) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) || v == 0 {
		return compact(b, v, prec)
	}
	s := strconv.AppendFloat(b, v, 'e', prec-1, 64)
	return shortenExponent(trimMantissaZeros(s))
}

// keepRounded returns s, whose number from at on is v to prec significant
// digits with trailing zeros dropped, or, where those zeros were digits
// that v was rounded to rather than where v ends, v with min(prec,
// Readable) significant digits and its zeros: 5904900 to three digits is
// 5.90e6, not 5.9e6, and 0.4999875 is 0.500, so that no number reads as
// if it had fewer digits than it has. Numbers that end there stay short
// (6.4, 1e-8, and 0.30000000000000004 as 0.3: the last digits of a
// float64 are not the reader's).
func keepRounded(s []byte, at int, v float64, prec int) []byte {
	text := s[at:]
	digits := min(prec, Readable)
	if math.IsNaN(v) || math.IsInf(v, 0) || v == 0 || significantDigits(text) >= digits {
		return s
	}
	if r, err := strconv.ParseFloat(string(text), 64); err == nil && math.Abs(r-v) <= 1e-12*math.Abs(v) {
		return s
	}
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], v, 'e', digits-1, 64)
	if bytes.IndexByte(text, 'e') >= 0 {
		return shortenExponent(append(s[:at], e...))
	}
	// Fixed notation: as many decimals as leave digits significant ones
	// after rounding (9.9996 to three is 10.0).
	exp, _ := strconv.Atoi(string(e[bytes.IndexByte(e, 'e')+1:]))
	return strconv.AppendFloat(s[:at], v, 'f', max(0, digits-1-exp), 64)
}

// significantDigits counts the digits of a formatted number's mantissa from
// its first non-zero one: 3 in 0.0500 and in 1.50e-7, 2 in 10.
func significantDigits(text []byte) int {
	n, started := 0, false
	for _, c := range text {
		switch {
		case c == 'e':
			return n
		case c >= '1' && c <= '9':
			started = true
			n++
		case c == '0' && started:
			n++
		}
	}
	return n
}

// Exponent writes v with digits significant digits in short exponent form,
// without trailing zeros: 2.5e13, 1e-8 (0, NaN and ±Inf as Compact writes
// them).
func Exponent(v float64, digits int) string {
	var buf [32]byte
	return string(exponent(buf[:0], v, max(digits, 1)))
}

// trimMantissaZeros turns 1.500e+07 into 1.5e+07 and 1.000e+07 into 1e+07.
func trimMantissaZeros(s []byte) []byte {
	e := bytes.IndexByte(s, 'e')
	if e < 0 {
		return s
	}
	m := e
	if bytes.IndexByte(s[:e], '.') >= 0 {
		for m > 0 && s[m-1] == '0' {
			m--
		}
		if m > 0 && s[m-1] == '.' {
			m--
		}
	}
	return append(s[:m], s[e:]...)
}

// shortenExponent turns e+07 into e7 and e-05 into e-5.
func shortenExponent(s []byte) []byte {
	e := bytes.IndexByte(s, 'e')
	if e < 0 {
		return s
	}
	out := s[:e+1]
	rest := s[e+1:]
	if rest[0] == '-' {
		out = append(out, '-')
	}
	rest = rest[1:]
	for len(rest) > 1 && rest[0] == '0' {
		rest = rest[1:]
	}
	return append(out, rest...)
}

// Shortest formats v as the shortest text that reads back as v, with a
// short exponent: 1e-8 and 1e39, not 1e-08 and 1e+39, as the status bar and
// the editor write them.
func Shortest(v float64) string {
	var buf [32]byte
	return string(shortenExponent(strconv.AppendFloat(buf[:0], v, 'g', -1, 64)))
}

// Significant writes v with n significant digits (all of an integer part) in fixed notation for
// 1e-4 ≤ |v| < 1e7, trailing zeros kept (0.50, 12.0), else as Compact does.
func Significant(v float64, n int) string {
	a := math.Abs(v)
	if !(a >= 1e-4 && a < 1e7) {
		return Compact(v, n+6)
	}
	e := int(math.Floor(math.Log10(a)))
	s := strconv.FormatFloat(v, 'f', max(0, n-1-e), 64)
	// Rounding may carry into one more digit (0.999 to two is 1.0, not 1.00).
	if r, _ := strconv.ParseFloat(s, 64); math.Abs(r) >= math.Pow10(e+1) {
		s = strconv.FormatFloat(v, 'f', max(0, n-2-e), 64)
	}
	return s
}
