package crmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"
)

// refPrec is the precision of the reference: far more than the hardest
// float64 arguments of sin and cos need (about 2⁻¹²⁰ relative).
const refPrec = 640

// refSinCos is an independent reference for sin(x + shift·π/2): x reduced
// modulo 2π (not π/2, as Sin does) with π from Machin's formula, then the
// Taylor series of sin at refPrec bits, rounded once to float64.
func refSinCos(x float64, shift int) float64 {
	e := max(0, math.Ilogb(x)+1)
	prec := uint(refPrec + e + 64)
	twoPi := machinPi(prec)
	twoPi.SetMantExp(twoPi, 1)
	bx := new(big.Float).SetPrec(prec).SetFloat64(x)
	if shift == 1 {
		halfPi := new(big.Float).SetPrec(prec).SetMantExp(twoPi, -2)
		bx.Add(bx, halfPi)
	}
	q := new(big.Float).SetPrec(prec).Quo(bx, twoPi)
	k, _ := q.Int(nil)
	r := new(big.Float).SetPrec(prec).SetInt(k)
	r.Mul(r, twoPi)
	r.Sub(bx, r) // |r| < 2π
	r.SetPrec(refPrec + 32)
	sum := new(big.Float).SetPrec(refPrec + 32).Set(r)
	term := new(big.Float).SetPrec(refPrec + 32).Set(r)
	r2 := new(big.Float).SetPrec(refPrec+32).Mul(r, r)
	for n := int64(1); term.Sign() != 0 && term.MantExp(nil) > -refPrec-40; n += 2 {
		term.Mul(term, r2)
		term.Quo(term, new(big.Float).SetInt64((n+1)*(n+2)))
		term.Neg(term)
		sum.Add(sum, term)
	}
	f, _ := sum.Float64()
	return f
}

func hexf(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestPiConstants(t *testing.T) {
	pi := machinPi(piBits + 64)
	// The first digits as every table prints them, so that Machin's
	// formula is checked too.
	if got := pi.Text('f', 50); got != "3.14159265358979323846264338327950288419716939937511" {
		t.Fatalf("Machin's π = %s", got)
	}
	c := piConst()
	if d := new(big.Float).SetPrec(piBits+64).Sub(pi, c); d.Sign() != 0 && d.MantExp(nil) > 2-piBits {
		t.Errorf("piHex differs from π by %v", d)
	}
	// π/2 in three float64 parts, each the nearest to what is left.
	rest := new(big.Float).SetPrec(piBits).SetMantExp(c, -1)
	for i, part := range []float64{pio2Hi, pio2Mid, pio2Lo} {
		if want, _ := rest.Float64(); part != want {
			t.Errorf("π/2 part %d = %x, want %x", i, part, want)
		}
		rest.Sub(rest, new(big.Float).SetFloat64(part))
	}
	if rest.MantExp(nil) > -163 {
		t.Errorf("π/2 − its three parts = %v, want below 2⁻¹⁶³", rest)
	}
	if want, _ := new(big.Float).SetPrec(piBits).Quo(big.NewFloat(2), c).Float64(); twoOverPi != want {
		t.Errorf("twoOverPi = %x, want %x", twoOverPi, want)
	}
	if new(big.Float).SetFloat64(quarterPi).Cmp(new(big.Float).SetMantExp(c, -2)) > 0 {
		t.Error("quarterPi is above π/4")
	}
	// The coefficients are 1/n! as double-doubles.
	fact := big.NewFloat(1).SetPrec(400)
	want := map[int]dd{}
	for n := int64(1); n <= 30; n++ {
		fact.Mul(fact, new(big.Float).SetInt64(n))
		inv := new(big.Float).SetPrec(400).Quo(big.NewFloat(1), fact)
		if n/2%2 == 1 { // the series alternate: −1/2!, 1/4!, … and −1/3!, 1/5!, …
			inv.Neg(inv)
		}
		want[int(n)] = toDD(inv)
	}
	check := func(name string, c []dd, first int) {
		for i, got := range c {
			w := want[first+2*i]
			if i >= ddTerms {
				w.lo = 0
			}
			if got != w {
				t.Errorf("%s[%d] = %x + %x, want (−1)ⁱ⁺¹/%d! = %x + %x", name, i, got.hi, got.lo, first+2*i, w.hi, w.lo)
			}
		}
	}
	check("sinCoef", sinCoef[:], 3)
	check("cosCoef", cosCoef[:], 2)
}

// TestPolynomialError measures sinDD and cosDD against math/big on the
// whole reduced interval: polyError must bound their error with room.
func TestPolynomialError(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	worst := 0.0
	for i := range 4000 / sampleScale {
		rh := (2*rng.Float64() - 1) * 0.786
		if i%4 == 0 {
			rh = math.Ldexp(rh, -rng.IntN(26)) // small r too
		}
		rl := rh * 0x1p-53 * (2*rng.Float64() - 1)
		rh, rl = fastTwoSum(rh, rl)
		r := new(big.Float).SetPrec(refPrec).SetFloat64(rh)
		r.Add(r, new(big.Float).SetFloat64(rl))
		for shift := range 2 {
			var h, l float64
			if shift == 0 {
				h, l = sinDD(rh, rl)
			} else {
				h, l = cosDD(rh, rl)
			}
			exact := bigSinCosOf(r, shift == 1)
			got := new(big.Float).SetPrec(refPrec).SetFloat64(h)
			got.Add(got, new(big.Float).SetFloat64(l))
			got.Sub(got, exact)
			rel, _ := got.Quo(got, exact).Float64()
			worst = max(worst, math.Abs(rel))
		}
	}
	t.Logf("largest relative error: 2^%.1f", math.Log2(worst))
	if worst > polyError/64 {
		t.Errorf("relative error 2^%.1f, want below 2^%.0f", math.Log2(worst), math.Log2(polyError/64))
	}
}

// bigSinCosOf returns sin r or cos r at refPrec bits for a small r.
func bigSinCosOf(r *big.Float, cos bool) *big.Float {
	return taylor(r, !cos, refPrec)
}

// TestReductionErrorBound: reduce's errR bounds the error of r, including
// next to multiples of π/2 where x − k·π/2 cancels to a tiny r.
func TestReductionErrorBound(t *testing.T) {
	halfPi := new(big.Float).SetPrec(piBits).SetMantExp(piConst(), -1)
	check := func(x float64) {
		rh, rl, k, errR := reduce(x)
		exact := new(big.Float).SetPrec(piBits).SetInt64(int64(k))
		exact.Mul(exact, halfPi)
		exact.Sub(new(big.Float).SetFloat64(x), exact)
		got := new(big.Float).SetPrec(piBits).SetFloat64(rh)
		got.Add(got, new(big.Float).SetFloat64(rl))
		diff, _ := got.Sub(got, exact).Float64()
		if math.Abs(diff) > errR/2 {
			t.Errorf("reduce(%x): error %g, bound %g", x, diff, errR)
		}
		if math.Abs(rh) > 0.786 {
			t.Errorf("reduce(%x): |r| = %v > 0.786", x, rh)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		check(math.Ldexp(rng.Float64(), rng.IntN(31)) * float64(1-2*rng.IntN(2)))
	}
	for k := int64(1); k < 1<<30; k = k*3 + 1 {
		for _, x := range nearMultiples(k) {
			check(x)
		}
	}
}

// nearMultiples returns the float64s next to k·π/2: the nearest one and its
// two neighbours, where sin or cos is smallest.
func nearMultiples(k int64) []float64 {
	m := new(big.Float).SetPrec(piBits).SetInt64(k)
	m.Mul(m, new(big.Float).SetPrec(piBits).SetMantExp(piConst(), -1))
	x, _ := m.Float64()
	return []float64{math.Nextafter(x, 0), x, math.Nextafter(x, math.Inf(1))}
}

// hardCases are arguments whose sine or cosine lies extremely close to a
// midpoint between two float64s (46 to 59 identical bits after the
// rounding bit), from Vincent Lefèvre's published worst cases for
// correctly rounded libraries (https://www.vinc17.net/research/testlibm/).
// Sin and Cos must leave the double-double path for them and still round
// correctly.
var hardCases = []string{
	"0x1.005023d32fee5p+1", "0x1.00874a5f9fc33p-13", "0x1.0192deafac33fp+0",
	"0x1.034c2318b3f2dp+0", "0x1.04394261cffa6p-1", "0x1.06800e629d672p-23",
	"0x1.184a0aa58191fp-24", "0x1.30c7efbee12acp-24", "0x1.1398b2271821p+0",
	"0x1.5737aafdabdf3p-1", "0x1.57103291e1dc5p-1", "0x1.5723548f77d75p-1",
	// cosine's
	"0x1.00147eec5cfa5p+0", "0x1.062a2f8ff7e5p+0", "0x1.0f876ccdf6cd6p-25",
	"0x1.2c2fc595456a4p-25", "0x1.465655f122ff4p-25", "0x1.5e8add236a58dp-25",
	"0x1.0bfbedfb16285p+0", "0x1.1c2d9650ac5f2p+0", "0x1.48228de97ee2p-1",
	"0x1.679e49ab6dc28p-1", "0x1.6b87ec3ad8729p+0", "0x1.0203b71ba100fp-1",
}

// specialArguments lists arguments every implementation trips on: zeros,
// subnormals, the tiny-argument thresholds, the ends of the reduction's
// ranges, and huge values whose reduction needs over a thousand bits of π.
func specialArguments(t *testing.T) []float64 {
	xs := []float64{
		0x1p-1074, 0x1p-1022, 0x1.fffffffffffffp-1023, 1e-300, 0x1p-27, 0x1.fffffffffffffp-28,
		0x1p-26, 0x1.fffffffffffffp-27, 0x1.0000000000001p-26, 1e-8, 0.5, 1,
		quarterPi, math.Nextafter(quarterPi, 1), 0.786, 2, 3, math.Pi, 10, 100, 1e6,
		math.Nextafter(fastReductionLimit, 0), fastReductionLimit, 1e10, 1e15, 0x1p52, 0x1p53 + 2,
		1e22, 1e100, 1e200, 1e300, math.MaxFloat64,
		// The float64 nearest a multiple of π/2, of all of them (Kahan,
		// McDonald): x − k·π/2 ≈ 2⁻⁶¹.
		hexf(t, "0x1.6ac5b262ca1ffp+849"),
		// Bumpy's minimiser, and the lecture's start.
		-1.3064400089598925, 10,
	}
	var out []float64
	for _, x := range xs {
		out = append(out, x, -x)
	}
	for _, k := range []int64{1, 2, 3, 4, 5, 7, 100, 355, 1 << 20, 1<<30 - 1} {
		for _, x := range nearMultiples(k) {
			out = append(out, x, -x)
		}
	}
	for _, s := range hardCases {
		x := hexf(t, s)
		out = append(out, x, -x)
	}
	return out
}

func TestSinCosSpecialArguments(t *testing.T) {
	for _, x := range specialArguments(t) {
		if got, want := Sin(x), refSinCos(x, 0); got != want {
			t.Errorf("Sin(%x) = %x, want %x", x, got, want)
		}
		if got, want := Cos(x), refSinCos(x, 1); got != want {
			t.Errorf("Cos(%x) = %x, want %x", x, got, want)
		}
	}
	// Signs of zero and the non-finite.
	if s := Sin(math.Copysign(0, -1)); s != 0 || !math.Signbit(s) {
		t.Errorf("Sin(−0) = %v, want −0", s)
	}
	if s := Sin(0); s != 0 || math.Signbit(s) {
		t.Errorf("Sin(0) = %v, want 0", s)
	}
	if Cos(0) != 1 || Cos(math.Copysign(0, -1)) != 1 {
		t.Error("Cos(±0) ≠ 1")
	}
	for _, x := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
		if !math.IsNaN(Sin(x)) || !math.IsNaN(Cos(x)) {
			t.Errorf("Sin, Cos(%v) = %v, %v, want NaN", x, Sin(x), Cos(x))
		}
	}
}

// TestHardCasesLeaveTheFastPath: the double-double path declines every hard
// case (its bound cannot decide them), so they are decided by math/big.
func TestHardCasesLeaveTheFastPath(t *testing.T) {
	declined := 0
	for _, s := range hardCases {
		x := hexf(t, s)
		for shift := range 2 {
			rh, rl, k, errR := reduce(x)
			q := (k + shift) & 3
			h, l := sinDD(rh, rl)
			if q&1 == 1 {
				h, l = cosDD(rh, rl)
			}
			if _, ok := roundDD(h, l, float64(polyError*math.Abs(h))+errR); !ok {
				declined++
			}
		}
	}
	// Each argument is hard for one of the two functions.
	if declined < len(hardCases) {
		t.Errorf("the fast path declined %d of the %d hard evaluations", declined, len(hardCases))
	}
}

// TestSinCosRandom compares Sin and Cos with the reference on random
// arguments of every magnitude: mostly where a race goes (|x| < 2³⁰), some
// beyond.
func TestSinCosRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	n := 3000 / sampleScale
	for i := range n {
		var x float64
		switch i % 4 {
		case 0, 1: // |x| < 64, bumpy's range
			x = (2*rng.Float64() - 1) * 64
		case 2: // any exponent up to 2³⁰
			x = math.Ldexp(rng.Float64(), rng.IntN(60)-29)
		default: // any finite float64
			x = math.Float64frombits(rng.Uint64() &^ (1 << 63))
			if math.IsInf(x, 0) || math.IsNaN(x) {
				continue
			}
		}
		if got, want := Sin(x), refSinCos(x, 0); got != want {
			t.Errorf("Sin(%x) = %x, want %x", x, got, want)
		}
		if got, want := Cos(x), refSinCos(x, 1); got != want {
			t.Errorf("Cos(%x) = %x, want %x", x, got, want)
		}
	}
}

// TestFastPathAgreesWithSlowPath runs many more arguments through the
// double-double path than the reference can afford, checking each result
// it accepts against math/big's (slowSinCos, itself checked against the
// reference above).
func TestFastPathAgreesWithSlowPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	n := 20000 / sampleScale
	for range n {
		x := (2*rng.Float64() - 1) * 100
		for shift := range 2 {
			if got, want := sinCos(x, shift), slowSinCos(x, shift); got != want {
				t.Errorf("sinCos(%x, %d) = %x, math/big gives %x", x, shift, got, want)
			}
		}
	}
}

func BenchmarkSin(b *testing.B) {
	x := 0.0
	for b.Loop() {
		x = Sin(x + 3.7)
	}
}

func BenchmarkCos(b *testing.B) {
	x := 0.0
	for b.Loop() {
		x = Cos(x + 3.7)
	}
}

func BenchmarkSinHuge(b *testing.B) {
	for b.Loop() {
		Sin(1e100)
	}
}
