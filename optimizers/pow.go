package optimizers

import "math"

// oneMinusPow returns 1 − βⁿ as the lecture's Python computes `1 - beta**t`:
// βⁿ correctly rounded to float64 (as C's pow gives it), then subtracted from
// 1. Go's math.Pow is not correctly rounded (math.Pow(0.9, 6) is
// 0.5314410000000002, Python's 0.9**6 is 0.531441), so βⁿ is computed here in
// double-double arithmetic (about 106 bits) by binary exponentiation and
// rounded once. From n ≥ cut, βⁿ < 2⁻⁶⁴ and 1 − βⁿ rounds to exactly 1.
func oneMinusPow(beta float64, n, cut int) float64 {
	if n >= cut {
		return 1
	}
	return 1 - powCorrectlyRounded(beta, n)
}

// powCorrectlyRounded returns βⁿ for n ≥ 0, correctly rounded while the result
// is a normal float64.
func powCorrectlyRounded(beta float64, n int) float64 {
	rh, rl := 1.0, 0.0
	bh, bl := beta, 0.0
	for n > 0 {
		if n&1 == 1 {
			rh, rl = ddMul(rh, rl, bh, bl)
		}
		n >>= 1
		if n > 0 {
			bh, bl = ddMul(bh, bl, bh, bl)
		}
	}
	return rh + rl
}

// ddMul multiplies two double-double numbers (hi + lo each).
func ddMul(ah, al, bh, bl float64) (hi, lo float64) {
	p := ah * bh
	e := math.FMA(ah, bh, -p) // the exact rounding error of ah*bh
	e += ah*bl + al*bh
	hi = p + e
	lo = e - (hi - p)
	return hi, lo
}

// negligiblePowFrom returns the smallest n (with margin) from which βⁿ < 2⁻⁶⁴,
// so 1 − βⁿ rounds to 1.
func negligiblePowFrom(beta float64) int {
	if beta <= 0 {
		return 1
	}
	n := math.Ceil(-64/math.Log2(beta)) + 1
	if n > math.MaxInt32 {
		return math.MaxInt32
	}
	return int(n)
}
