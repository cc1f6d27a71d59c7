package crmath

import "math"

// π/2 = pio2Hi + pio2Mid + pio2Lo + δ with |δ| < 2⁻¹⁶³: each part is the
// float64 nearest what the previous ones leave (TestPiConstants).
const (
	pio2Hi  = 0x1.921fb54442d18p+00
	pio2Mid = 0x1.1a62633145c07p-54
	pio2Lo  = -0x1.f1976b7ed8fbcp-110
	// twoOverPi is 2/π rounded; it only picks the nearest multiple of π/2.
	twoOverPi = 0x1.45f306dc9c883p-01
	// quarterPi is π/4 rounded down: |x| ≤ quarterPi needs no reduction.
	quarterPi = 0x1.921fb54442d18p-01
)

// fastReductionLimit bounds the |x| that Sin and Cos reduce in double-double
// arithmetic; beyond it (|x| ≥ 2³⁰, which only a far start reaches) they
// reduce exactly with math/big.
const fastReductionLimit = 0x1p30

// polyError bounds the relative error of sinDD and cosDD: about 2⁻¹⁰¹ by
// the count of their roundings (TestPolynomialError measures 2⁻¹⁰⁵ at
// most and checks 2⁻¹⁰¹), taken 2⁶ larger so that roundDD's own roundings
// stay far inside it.
const polyError = 0x1p-95

// Sin returns sin x correctly rounded: the float64 nearest the exact sine.
// Sin(±0) = ±0, Sin(±Inf) = Sin(NaN) = NaN.
func Sin(x float64) float64 {
	if math.Abs(x) < 0x1p-26 {
		// sin x = x − x³/6 + …, and x³/6 < ulp(x)/4 here, so sin x rounds
		// to x (±0 and subnormals included).
		return x
	}
	return sinCos(x, 0)
}

// Cos returns cos x correctly rounded: the float64 nearest the exact cosine.
// Cos(±Inf) = Cos(NaN) = NaN.
func Cos(x float64) float64 {
	if math.Abs(x) < 0x1p-27 {
		// cos x = 1 − x²/2 + …, and x²/2 < 2⁻⁵⁵, a quarter of the gap below 1.
		return 1
	}
	return sinCos(x, 1)
}

// sinCos returns sin(x + shift·π/2) correctly rounded, for shift 0 (sine)
// or 1 (cosine).
func sinCos(x float64, shift int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return math.NaN()
	}
	if math.Abs(x) >= fastReductionLimit {
		return slowSinCos(x, shift)
	}
	rh, rl, k, errR := reduce(x)
	var h, l float64
	// sin(r + q·π/2) is sin r, cos r, −sin r, −cos r for q = 0, 1, 2, 3.
	q := (k + shift) & 3
	if q&1 == 0 {
		h, l = sinDD(rh, rl)
	} else {
		h, l = cosDD(rh, rl)
	}
	if q&2 != 0 {
		h, l = -h, -l
	}
	// The error of r moves the result by at most as much (|sin′|, |cos′| ≤ 1).
	bound := float64(polyError*math.Abs(h)) + errR
	if y, ok := roundDD(h, l, bound); ok {
		return y
	}
	return slowSinCos(x, shift)
}

// reduce returns r = rh + rl and k with x = k·π/2 + r, |r| ≤ π/4·(1 + 2⁻²⁰),
// and errR bounding |r − (rh + rl)|, for |x| < fastReductionLimit
// (Cody–Waite with π/2 in three parts, every product exact through
// twoProd, the cancellation between x and k·π/2 exact through twoSum).
func reduce(x float64) (rh, rl float64, k int, errR float64) {
	if math.Abs(x) <= quarterPi {
		return x, 0, 0, 0
	}
	// kf is an integer below 2³⁰, exact in float64; an error of x·(2/π) of
	// 2⁻²² at most can only pick the other neighbour of a half-integer.
	kf := math.RoundToEven(x * twoOverPi)
	p1, e1 := twoProd(kf, pio2Hi)
	s, es := twoSum(x, -p1)
	p2, e2 := twoProd(kf, pio2Mid)
	p3 := float64(kf * pio2Lo)
	// x − k·π/2 = s + es − e1 − p2 − e2 − p3 − k·δ. The large parts cancel
	// exactly; the small ones (each under 2⁻²⁴, most far smaller) are
	// summed in float64.
	th, tl := twoSum(e1, p2)
	u, ue := twoSum(s, -th)
	w := (((es + ue) - tl) - e2) - p3
	rh, rl = twoSum(u, w)
	// w's four roundings are each below 2⁻⁵³ of the sum of the magnitudes,
	// p3's below 2⁻⁵³ of p3; k·δ < k·2⁻¹⁶³.
	small := math.Abs(es) + math.Abs(ue) + math.Abs(tl) + math.Abs(e2) + math.Abs(p3)
	errR = float64(0x1p-50*small) + float64(math.Abs(kf)*0x1p-160)
	return rh, rl, int(kf), errR
}

// sinCoef[i] is (−1)ⁱ⁺¹/(2i+3)! as a double-double: sin r = r + r·z·Σ sinCoef[i]·zⁱ
// with z = r². Fourteen terms leave a truncation error below 2⁻¹²² of sin r
// for |r| ≤ 0.79. The terms from sinCoef[8] on are below 2⁻⁶² of sin r and
// are summed in float64 (their lo parts are not needed).
var sinCoef = [14]dd{
	{-0x1.5555555555555p-03, -0x1.5555555555555p-57}, // −1/3!
	{0x1.1111111111111p-07, 0x1.1111111111111p-63},   // 1/5!
	{-0x1.a01a01a01a01ap-13, -0x1.a01a01a01a01ap-73}, // −1/7!
	{0x1.71de3a556c734p-19, -0x1.c154f8ddc6cp-73},    // 1/9!
	{-0x1.ae64567f544e4p-26, 0x1.c062e06d1f209p-80},  // −1/11!
	{0x1.6124613a86d09p-33, 0x1.f28e0cc748ebep-87},   // 1/13!
	{-0x1.ae7f3e733b81fp-41, -0x1.1d8656b0ee8cbp-97}, // −1/15!
	{0x1.952c77030ad4ap-49, 0x1.ac981465ddc6cp-103},  // 1/17!
	{-0x1.2f49b46814157p-57, 0},                      // −1/19!
	{0x1.71b8ef6dcf572p-66, 0},                       // 1/21!
	{-0x1.761b41316381ap-75, 0},                      // −1/23!
	{0x1.3f3ccdd165fa9p-84, 0},                       // 1/25!
	{-0x1.d1ab1c2dccea3p-94, 0},                      // −1/27!
	{0x1.259f98b4358adp-103, 0},                      // 1/29!
}

// cosCoef[i] is (−1)ⁱ⁺¹/(2i+2)!: cos r = 1 + z·Σ cosCoef[i]·zⁱ. Fifteen terms
// leave a truncation error below 2⁻¹¹⁸; from cosCoef[8] on they are summed
// in float64.
var cosCoef = [15]dd{
	{-0x1p-01, 0}, // −1/2!
	{0x1.5555555555555p-05, 0x1.5555555555555p-59},   // 1/4!
	{-0x1.6c16c16c16c17p-10, 0x1.f49f49f49f49fp-65},  // −1/6!
	{0x1.a01a01a01a01ap-16, 0x1.a01a01a01a01ap-76},   // 1/8!
	{-0x1.27e4fb7789f5cp-22, -0x1.cbbc05b4fa99ap-76}, // −1/10!
	{0x1.1eed8eff8d898p-29, -0x1.2aec959e14c06p-83},  // 1/12!
	{-0x1.93974a8c07c9dp-37, -0x1.05d6f8a2efd1fp-92}, // −1/14!
	{0x1.ae7f3e733b81fp-45, 0x1.1d8656b0ee8cbp-101},  // 1/16!
	{-0x1.6827863b97d97p-53, 0},                      // −1/18!
	{0x1.e542ba4020225p-62, 0},                       // 1/20!
	{-0x1.0ce396db7f853p-70, 0},                      // −1/22!
	{0x1.f2cf01972f578p-80, 0},                       // 1/24!
	{-0x1.88e85fc6a4e5ap-89, 0},                      // −1/26!
	{0x1.0a18a2635085dp-98, 0},                       // 1/28!
	{-0x1.3932c5047d60ep-108, 0},                     // −1/30!
}

// ddTerms is how many leading coefficients of sinCoef and cosCoef are
// summed in double-double; the rest are small enough for float64.
const ddTerms = 8

// square returns z = (rh + rl)² as a double-double (rl² < 2⁻¹⁰⁶·z is left out).
func square(rh, rl float64) (zh, zl float64) {
	zh, zl = twoProd(rh, rh)
	zl += float64(float64(2*rh) * rl)
	return fastTwoSum(zh, zl)
}

// horner returns Σ c[i]·zⁱ: the tail from c[ddTerms] on in float64 with zh
// alone, the leading terms in double-double.
func horner(c []dd, zh, zl float64) (ph, pl float64) {
	t := c[len(c)-1].hi
	for i := len(c) - 2; i >= ddTerms; i-- {
		t = c[i].hi + float64(zh*t)
	}
	ph, pl = mulDD(zh, zl, t, 0)
	for i := ddTerms - 1; ; i-- {
		ph, pl = addDD(c[i].hi, c[i].lo, ph, pl)
		if i == 0 {
			return ph, pl
		}
		ph, pl = mulDD(zh, zl, ph, pl)
	}
}

// sinDD returns sin r for |r| ≤ 0.79 as a double-double, with a relative
// error below polyError.
func sinDD(rh, rl float64) (hi, lo float64) {
	zh, zl := square(rh, rl)
	ph, pl := horner(sinCoef[:], zh, zl)
	qh, ql := mulDD(zh, zl, ph, pl) // z·P(z), at most 0.11 in magnitude
	qh, ql = mulDD(rh, rl, qh, ql)
	return addDD(rh, rl, qh, ql)
}

// cosDD returns cos r for |r| ≤ 0.79 as a double-double, with a relative
// error below polyError.
func cosDD(rh, rl float64) (hi, lo float64) {
	zh, zl := square(rh, rl)
	ph, pl := horner(cosCoef[:], zh, zl)
	qh, ql := mulDD(zh, zl, ph, pl) // z·P(z), between −0.32 and 0
	return addDD(1, 0, qh, ql)
}
