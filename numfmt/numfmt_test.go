package numfmt

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// sum adds at run time: Go folds the constant 0.1 + 0.2 exactly to 0.3.
func sum(a, b float64) float64 { return a + b }

func TestReprMatchesPython(t *testing.T) {
	// Expected strings are what CPython 3.11 prints for repr(v).
	cases := []struct {
		v    float64
		want string
	}{
		{sum(0.1, 0.2), "0.30000000000000004"},
		{1e16, "1e+16"},
		{9999999999999998.0, "9999999999999998.0"},
		{1e-4, "0.0001"},
		{1e-5, "1e-05"},
		{123456789.0, "123456789.0"},
		{math.Copysign(0, -1), "-0.0"},
		{0, "0.0"},
		{5e-324, "5e-324"},
		{math.Inf(1), "inf"},
		{math.Inf(-1), "-inf"},
		{math.NaN(), "nan"},
		{8, "8.0"},
		{64, "64.0"},
		{-2, "-2.0"},
		{335544320, "335544320.0"},
		{2.558132747664291e-06, "2.558132747664291e-06"},
		{1.125899906842624e+17, "1.125899906842624e+17"},
		{1.7976931348623157e308, "1.7976931348623157e+308"},
		{0.00012345, "0.00012345"},
		{-0.0001, "-0.0001"},
		{9.999999999999999e-05, "9.999999999999999e-05"},
		{1234567, "1234567.0"},
		{9.0000000005, "9.0000000005"},
		{40.96000000000001, "40.96000000000001"},
		{1e22, "1e+22"},
		{1.5e300, "1.5e+300"},
		{2.5e-310, "2.5e-310"},
	}
	for _, c := range cases {
		if got := Repr(c.v); got != c.want {
			t.Errorf("Repr(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestReprRoundTrips(t *testing.T) {
	for _, v := range []float64{0.1, 1.0 / 3, 6.4, 1e-7, 123.456, 2.0971520000000003, 5e-324, math.MaxFloat64} {
		got, err := strconv.ParseFloat(Repr(v), 64)
		if err != nil || got != v {
			t.Errorf("ParseFloat(Repr(%v)) = %v, %v", v, got, err)
		}
	}
}

func TestCompact(t *testing.T) {
	cases := []struct {
		v     float64
		width int
		want  string
	}{
		{8, 10, "8"},
		{6.4, 10, "6.4"},
		// Zeros that v was rounded to stay, down to three digits; a number
		// that ends there (up to a float64's last digits) drops them.
		{9.0000000005, 10, "9.00"},
		{0.049999999975, 10, "0.0500"},
		{1.0000012317711515, 7, "1.00"},
		{0.4999875934040493, 8, "0.499988"},
		{0.4999875934040493, 5, "0.500"},
		{9.9996, 4, "10.0"},
		{-5904900, 7, "-5.90e6"},
		{-5904900, 6, "-5.9e6"},
		{8.00003e-14, 8, "8.00e-14"},
		{-1.3978264938533855e-06, 8, "-1.40e-6"},
		{sum(0.1, 0.2), 10, "0.3"},
		{0.5, 10, "0.5"},
		{2.558132747664291e-06, 10, "2.55813e-6"},
		{2.558132747664291e-06, 7, "2.56e-6"},
		{-2.558132747664291e-06, 7, "-2.6e-6"},
		{0.0014272476927059603, 10, "0.00142725"},
		{0.0014272476927059603, 7, "0.00143"},
		{1234567, 10, "1.23457e6"},
		{123456.7, 10, "123457"},
		{-3.0860000000000007, 8, "-3.086"},
		{1.5e300, 8, "1.5e300"},
		{-1.23456e-300, 7, "-1e-300"},
		{-1.23456e-300, 6, "######"},
		{0, 5, "0"},
		{math.Inf(1), 5, "inf"},
		{math.Inf(-1), 5, "-inf"},
		{math.NaN(), 5, "nan"},
		{100, 2, "##"},
		{100, 3, "100"},
		{1e6, 3, "1e6"},
		{5, 0, ""},
		// Fixed notation while it keeps three digits, then the exponent
		// form when it keeps more.
		{0.000686, 8, "0.000686"},
		{0.000686, 7, "6.86e-4"},
		{0.000123456, 5, "1e-4"},
		{-0.000370368, 7, "-3.7e-4"},
	}
	for _, c := range cases {
		got := Compact(c.v, c.width)
		if got != c.want {
			t.Errorf("Compact(%v, %d) = %q, want %q", c.v, c.width, got, c.want)
		}
		if len(got) > c.width {
			t.Errorf("Compact(%v, %d) = %q is wider than %d", c.v, c.width, got, c.width)
		}
	}
}

func FuzzCompactFitsWidth(f *testing.F) {
	f.Add(1.0, 7)
	f.Add(-1e-300, 6)
	f.Add(math.MaxFloat64, 8)
	f.Fuzz(func(t *testing.T, v float64, width int) {
		width %= 40
		got := Compact(v, width)
		if width > 0 && len(got) != min(len(got), width) {
			t.Fatalf("Compact(%v, %d) = %q", v, width, got)
		}
		if width > 0 && len(got) == 0 {
			t.Fatalf("Compact(%v, %d) is empty", v, width)
		}
	})
}

func BenchmarkCompact(b *testing.B) {
	buf := make([]byte, 0, 32)
	for i := 0; b.Loop(); i++ {
		buf = AppendCompact(buf[:0], 1.2345678e-5*float64(i), 9)
	}
}

// FuzzReprRoundTrips: every finite number reads back exactly from its
// Repr, in Python's shape (fixed with a decimal point from 1e-4 to 1e16,
// else a two-digit signed exponent).
func FuzzReprRoundTrips(f *testing.F) {
	for _, v := range []float64{0, 8, 0.1 + 0.2, 1e16, 9999999999999998, 1e-4, 1e-5, 123456789, 5e-324, math.MaxFloat64, -2.5e-310} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return
		}
		s := Repr(v)
		got, err := strconv.ParseFloat(s, 64)
		if err != nil || got != v || math.Signbit(got) != math.Signbit(v) {
			t.Fatalf("Repr(%v) = %q reads back as %v, %v", v, s, got, err)
		}
		if a := math.Abs(v); (a == 0 || (a >= 1e-4 && a < 1e16)) != !strings.Contains(s, "e") || (!strings.Contains(s, "e") && !strings.Contains(s, ".")) {
			t.Fatalf("Repr(%v) = %q is not in Python's shape", v, s)
		}
	})
}

func TestAppendReprAllocatesNothing(t *testing.T) {
	b := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { b = AppendRepr(b[:0], 2.558132747664291e-06) }); n != 0 {
		t.Errorf("AppendRepr allocates %v times", n)
	}
}

func TestShortest(t *testing.T) {
	for v, want := range map[float64]string{
		1e-8: "1e-8", 1e39: "1e39", 1e8: "1e8", 0.1: "0.1", -2.5e-300: "-2.5e-300", 1e21: "1e21", 123456: "123456",
		0.30000000000000004: "0.30000000000000004",
	} {
		if got := Shortest(v); got != want {
			t.Errorf("Shortest(%v) = %q, want %q", v, got, want)
		}
		if back, err := strconv.ParseFloat(Shortest(v), 64); err != nil || back != v {
			t.Errorf("Shortest(%v) = %q does not read back", v, Shortest(v))
		}
	}
}

func TestSignificant(t *testing.T) {
	for _, c := range []struct {
		v    float64
		n    int
		want string
	}{
		{0.4999999949999999, 2, "0.50"},
		{0.999, 2, "1.0"},
		{12.04, 3, "12.0"},
		{-3.14159, 3, "-3.14"},
		{1234.4, 2, "1234"},
		{0.00012345, 2, "0.00012"},
		{1e-9, 2, "1e-9"},
	} {
		if got := Significant(c.v, c.n); got != c.want {
			t.Errorf("Significant(%v, %d) = %q, want %q", c.v, c.n, got, c.want)
		}
	}
}

func TestExponent(t *testing.T) {
	for _, c := range []struct {
		v      float64
		digits int
		want   string
	}{
		{2.5e13, 4, "2.5e13"},
		{1e-8, 3, "1e-8"},
		{-1.2345e-300, 3, "-1.23e-300"},
		{9.99e99, 2, "1e100"},
		{0.5, 1, "5e-1"},
		{0, 3, "0"},
		{123, 0, "1e2"},
	} {
		if got := Exponent(c.v, c.digits); got != c.want {
			t.Errorf("Exponent(%g, %d) = %q, want %q", c.v, c.digits, got, c.want)
		}
	}
}

// TestMinWidthKeepsThreeDigits: in MinWidth(v) columns Compact writes v
// with three significant digits and its sign, and in one column fewer it
// cannot; MinWidth is never more than the ten "-1.23e-308" needs.
func TestMinWidthKeepsThreeDigits(t *testing.T) {
	values := []float64{
		0, 0.5, -0.5, 10, 1234567, -1234567, 12345678, 0.000123456, -0.000123456,
		-1.0291e-6, -7.989e-7, -4.5147e-8, -2.5841e-16, -5.168e-16, -5904900, 8.00003e-14,
		-1.3978e-6, 9.995e-5, -9.9951e-5, 0.99951, 1e-100, -1.2345e-100, 2.5e-308, -1.2345e308,
	}
	for e := -300; e <= 308; e += 7 {
		values = append(values, 1.23456789*math.Pow10(e), -9.87654321*math.Pow10(e))
	}
	for _, v := range values {
		w := MinWidth(v)
		if text := Compact(v, w); !threeDigits(text, v) {
			t.Errorf("Compact(%v, MinWidth = %d) = %q: not three significant digits", v, w, text)
		}
		if w > 10 {
			t.Errorf("MinWidth(%v) = %d, more than ten", v, w)
		}
		// (Subnormal numbers are left out here: 5e-324 reads back exactly
		// from 4.9e-324.)
		if shorter := Compact(v, w-1); w > 1 && threeDigits(shorter, v) {
			t.Errorf("Compact(%v, %d) = %q already has three digits: MinWidth %d is not the fewest", v, w-1, shorter, w)
		}
	}
	for _, c := range []struct {
		v    float64
		want int
	}{{-2.5841e-16, 9}, {-1.23e-308, 10}, {0.000123456, 7}, {8.00003e-14, 8}, {8e-14, 5}, {-5904900, 7}, {-1.2345e-100, 10}, {math.Inf(-1), 4}, {math.NaN(), 3}} {
		if got := MinWidth(c.v); got != c.want {
			t.Errorf("MinWidth(%v) = %d, want %d", c.v, got, c.want)
		}
	}
}

// threeDigits reports whether text reads as v to three significant digits:
// with v's sign, within half a unit of v's third digit, and written with
// three digits unless v ends sooner (5.90e6 for 5904900, 0.5 for 0.5).
func threeDigits(text string, v float64) bool {
	got, err := strconv.ParseFloat(text, 64)
	if err != nil || v == 0 {
		return err == nil && got == 0
	}
	unit := math.Pow10(int(math.Floor(math.Log10(math.Abs(v)))) - 2)
	return math.Signbit(got) == math.Signbit(v) && math.Abs(got-v) <= unit/2*(1+1e-9) &&
		(significantDigits([]byte(text)) >= 3 || got == v)
}
