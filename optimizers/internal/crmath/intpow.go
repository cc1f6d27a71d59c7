package crmath

import (
	"math"
	"math/big"
)

// IntPow returns xⁿ correctly rounded, for 2 ≤ n ≤ 4 and any float64 x: what
// Python's x**n gives through the C library's pow in nearly every case
// (x·x·x rounds twice). ±Inf when xⁿ is beyond float64's range, where
// Python would raise an OverflowError.
func IntPow(x float64, n int) float64 {
	a := math.Abs(x)
	if n < 2 || n > 4 || !(a >= 0x1p-200 && a <= 0x1p200) {
		// Zero, subnormal results, overflow, NaN, ±Inf and other n: math/big.
		return exactIntPow(x, n)
	}
	// x² is exact as a double-double; each further product errs by 2⁻¹⁰⁴
	// at most, and the results stay far from underflow and overflow.
	h, l := twoProd(x, x)
	for range n - 2 {
		h, l = mulDD(h, l, x, 0)
	}
	if y, ok := roundDD(h, l, float64(0x1p-100*math.Abs(h))); ok {
		return y
	}
	return exactIntPow(x, n)
}

// exactIntPow is IntPow with math/big: xⁿ has at most 53·n significant
// bits, so at that precision every product is exact and Float64 rounds
// once, to nearest even, to ±Inf or a subnormal where it must.
func exactIntPow(x float64, n int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || n < 0 {
		return math.Pow(x, float64(n))
	}
	prec := uint(53 * max(n, 1))
	b := new(big.Float).SetPrec(prec).SetFloat64(x)
	v := new(big.Float).SetPrec(prec).SetInt64(1)
	for range n {
		v.Mul(v, b)
	}
	f, _ := v.Float64()
	return f
}
