// Package crmath computes the few elementary functions the engine needs —
// sine, cosine and the powers βᵗ of Adam's bias correction — correctly
// rounded to float64, the same bits on every architecture and build.
//
// Go's math.Sin, math.Cos and math.Pow are accurate to about an ulp, but not
// correctly rounded, and the compiler fuses their multiply-adds on arm64 and
// with GOAMD64=v3, so they give different last bits on different builds. The
// functions here evaluate in double-double arithmetic (about 106 bits) whose
// every multiply is rounded explicitly (float64(…)) or is an exact product
// error (math.FMA, exact on every build), check from a proven error bound
// that the result rounds one way only, and otherwise recompute with
// math/big at increasing precision. The result is the float64 nearest the
// exact value, which is what the C library's sin, cos and pow that Python
// calls return in nearly every case.
package crmath

import "math"

// dd is a double-double number hi + lo with |lo| ≤ ulp(hi)/2.
type dd struct{ hi, lo float64 }

// twoSum returns s = fl(a + b) and the exact error e, a + b = s + e (Knuth).
func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bv := s - a
	av := s - bv
	return s, (a - av) + (b - bv)
}

// fastTwoSum is twoSum for |a| ≥ |b| (or a = 0) (Dekker).
func fastTwoSum(a, b float64) (s, e float64) {
	s = a + b
	return s, b - (s - a)
}

// twoProd returns p = fl(a·b) and the exact error e, a·b = p + e. math.FMA
// computes a·b − p with one rounding, which is exact here, on every build
// (emulated where the CPU has no FMA). p is converted explicitly: the
// callers add it to other numbers, and a bare a·b may be fused into such an
// addition even across function and statement boundaries, which would
// leave p + e no longer a·b.
func twoProd(a, b float64) (p, e float64) {
	p = float64(a * b)
	return p, math.FMA(a, b, -p)
}

// mulDD returns (ah + al)·(bh + bl) as a double-double, with a relative
// error below 2⁻¹⁰⁴ (al·bl, under 2⁻¹⁰⁶ of the product, is left out, and
// the cross products are rounded). Each cross product is rounded before it
// is added: a fused multiply-add would change the low bits from build to
// build.
func mulDD(ah, al, bh, bl float64) (hi, lo float64) {
	p, e := twoProd(ah, bh)
	e += float64(ah*bl) + float64(al*bh)
	return fastTwoSum(p, e)
}

// addDD returns (ah + al) + (bh + bl) as a double-double for |ah| ≥ |bh|,
// with a relative error below 2⁻¹⁰⁴ of |ah| + |bh| (so of the sum when ah
// and bh do not cancel, as in every use here: a term of a series plus the
// smaller rest).
func addDD(ah, al, bh, bl float64) (hi, lo float64) {
	s, e := fastTwoSum(ah, bh)
	e += al + bl
	return fastTwoSum(s, e)
}

// roundDD returns hi + lo rounded to float64 when every real number within
// bound of hi + lo rounds to the same float64, and ok = false otherwise.
// The test rounds the interval's two ends: rounding is monotonic, so if they
// agree, so does every number between them. hi + lo must be normalised
// (|lo| ≤ ulp(hi)/2) and bound much smaller than ulp(hi), so that lo ± bound
// is computed with an error far below bound.
func roundDD(hi, lo, bound float64) (float64, bool) {
	down := hi + (lo - bound)
	up := hi + (lo + bound)
	return down, down == up
}
