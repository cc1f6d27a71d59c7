package plot

import (
	"slices"
	"strings"
	"testing"

	"github.com/optirace/optirace/optimizers"
)

func TestHyperparameter(t *testing.T) {
	cases := []struct {
		v      float64
		domain optimizers.Domain
		want   string
		exact  bool
	}{
		{0.5, optimizers.Positive, "0.5", true},
		{0.999, optimizers.UnitInterval, "0.999", true},
		{1e-8, optimizers.Positive, "1e-8", true},
		{10, optimizers.Finite, "10", true},
		{-1e153, optimizers.Finite, "-1e153", true},
		{5e152, optimizers.Positive, "5e152", true},
		{0.123456789012, optimizers.Positive, "0.123457", false},
		{0.987654321012, optimizers.UnitInterval, "0.987654", false},
		{-0.123456789123, optimizers.Finite, "-0.123457", false},
		{12345678, optimizers.Finite, "1.23457e7", false},
		{0.00123456789, optimizers.Positive, "0.00123457", false},
		// Six digits would round β₂ to 1, which no β₂ can be.
		{0.999999999012, optimizers.UnitInterval, "0.999999999", false},
		{0.9999999, optimizers.UnitInterval, "0.9999999", true},
		// α may well round to 1.
		{0.9999999, optimizers.Positive, "1", false},
	}
	for _, c := range cases {
		got, exact := hyperparameter(c.v, c.domain)
		if got != c.want || exact != c.exact {
			t.Errorf("hyperparameter(%v, %v) = %q, %v; want %q, %v", c.v, c.domain, got, exact, c.want, c.exact)
		}
	}
	if got := equation("β₂", 0.999999999012, optimizers.UnitInterval); got != "β₂ ≈ 0.999999999" {
		t.Errorf("equation = %q, want β₂ ≈ 0.999999999", got)
	}
	if got := equation("α", 1.5, optimizers.Positive); got != "α = 1.5" {
		t.Errorf("equation = %q, want α = 1.5", got)
	}
}

func TestTickLabels(t *testing.T) {
	cases := []struct {
		values []float64
		want   []string
	}{
		{[]float64{0, 50, 100, 150}, []string{"0", "50", "100", "150"}},
		{[]float64{-10, 0, 10}, []string{"-10", "0", "10"}},
		{[]float64{2.5, 10, 17.5}, []string{"2.5", "10", "17.5"}},
		{[]float64{0, 0.01, 0.02}, []string{"0", "0.01", "0.02"}},
		{[]float64{0, 0.30000000000000004, 0.6000000000000001}, []string{"0", "0.3", "0.6"}},
		{[]float64{0, 500000}, []string{"0", "500000"}},
		// One label of 10⁶ or more puts all in exponent form.
		{[]float64{-5e6, 0, 5e6}, []string{"-5e6", "0", "5e6"}},
		{[]float64{0, 500000, 1e6, 1.5e6}, []string{"0", "5e5", "1e6", "1.5e6"}},
		{[]float64{0, 2e13, 4e13}, []string{"0", "2e13", "4e13"}},
		{[]float64{0, 5e15, 1e16, 1.5e16}, []string{"0", "5e15", "1e16", "1.5e16"}},
		{[]float64{0, 5.000000000000001e307, 1e308}, []string{"0", "5e307", "1e308"}},
		{[]float64{1e-5, 2e-5, 3e-5}, []string{"1e-5", "2e-5", "3e-5"}},
		{[]float64{0, 1e-4, 2e-4}, []string{"0", "0.0001", "0.0002"}},
		{[]float64{7}, []string{"7"}},
		{nil, []string{}},
	}
	for _, c := range cases {
		if got := tickLabels(c.values); !slices.Equal(got, c.want) {
			t.Errorf("tickLabels(%v) = %q, want %q", c.values, got, c.want)
		}
	}
}

// TestTicksOneStyle labels axes over ranges the figure meets, from the
// lecture's to a diverged run's, and checks that every axis reads in one
// style with no padding zeros.
func TestTicksOneStyle(t *testing.T) {
	ranges := [][2]float64{
		{0, 165},
		{-11, 11},
		{-16, 40},
		{0, 25},
		{0, 10000},
		{0, 0.024},
		{-1.3, 1.3},
		{-1.15e7, 1.15e7},
		{0, 1.6e14},
		{0, 6.2e29},
		{0, 1.6335e306},
		{0, 1.6e308},
		{-1.1e154, 1.1e154},
		{2.2e-16, 3e-16},
		{0, 1e-200},
	}
	for _, r := range ranges {
		var labels []string
		for _, tk := range (ticks{}).Ticks(r[0], r[1]) {
			if tk.Value < r[0] || tk.Value > r[1] || !finite(tk.Value) {
				t.Errorf("%v: tick at %v outside the axis", r, tk.Value)
			}
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if len(labels) < 2 {
			t.Errorf("%v: %d labels %q, want at least 2", r, len(labels), labels)
		}
		exponents := 0
		for _, l := range labels {
			if strings.ContainsAny(l, "+") || strings.Contains(l, "e0") || strings.Contains(l, "e-0") {
				t.Errorf("%v: label %q has a long exponent", r, l)
			}
			if mant, _, _ := strings.Cut(l, "e"); strings.Contains(mant, ".") && strings.HasSuffix(mant, "0") {
				t.Errorf("%v: label %q has padding zeros", r, l)
			}
			if strings.Contains(l, "e") {
				exponents++
			}
		}
		// All plain, or all with exponents but for a 0.
		allPlain := exponents == 0
		allExponents := exponents == len(labels) || (exponents == len(labels)-1 && slices.Contains(labels, "0"))
		if !allPlain && !allExponents {
			t.Errorf("%v: labels %q mix plain numbers and exponents", r, labels)
		}
	}
}
