package crmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// exactPow returns βᵗ rounded once to float64 from an exact rational: a
// reference independent of Pow's precision loop and error bound.
func exactPow(beta float64, t int) float64 {
	r := new(big.Rat).SetFloat64(beta)
	num := new(big.Int).Exp(r.Num(), big.NewInt(int64(t)), nil)
	den := new(big.Int).Exp(r.Denom(), big.NewInt(int64(t)), nil)
	f, _ := new(big.Rat).SetFrac(num, den).Float64() // nearest, ties to even
	return f
}

// refOneMinus is 1 − fl(βᵗ) from 400-bit binary exponentiation, rounded
// once: exact enough for every t where 1 − fl(βᵗ) ≠ 1 (βᵗ ≥ 2⁻⁵⁴) short of
// an exact tie, which the lecture's β's and the sample here do not have.
func refOneMinus(beta float64, t int) float64 {
	const prec = 400
	r := new(big.Float).SetPrec(prec).SetFloat64(1)
	b := new(big.Float).SetPrec(prec).SetFloat64(beta)
	for e := t; e > 0; e >>= 1 {
		if e&1 == 1 {
			r.Mul(r, b)
		}
		b.Mul(b, b)
	}
	p, _ := r.Float64()
	return 1 - p
}

// TestOneMinusEveryT compares 1 − βᵗ with math/big for every t until it
// stays 1 (and a little beyond), for the lecture's β₁ = 0.9 and β₂ = 0.999
// and other β's, so that every table entry and level is used.
func TestOneMinusEveryT(t *testing.T) {
	if Pow(0.9, 6) != 0.531441 {
		t.Errorf("0.9⁶ = %v, want 0.531441 (math.Pow gives %v)", Pow(0.9, 6), math.Pow(0.9, 6))
	}
	for _, beta := range []float64{0.9, 0.999, 0.99, 0.5, 0.95, 0.1, 0.123456789, 0.87654321, 0} {
		p := NewPowers(beta)
		ones := 0
		for n := 0; ones < 200 && n < 200_000/sampleScale; n++ {
			want := refOneMinus(beta, n)
			if got := p.OneMinus(n); got != want {
				t.Fatalf("1 − %v^%d = %v, want %v", beta, n, got, want)
			}
			if want == 1 {
				ones++
			} else {
				ones = 0
			}
		}
	}
}

// TestOneMinusSampled samples t for β's whose 1 − βᵗ stays below 1 too
// long to check every t: β close to 1 needs up to ten levels of table.
func TestOneMinusSampled(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, beta := range []float64{0.9999, 0.99999, 0.999999999, 1 - 0x1p-53, 0.3} {
		p := NewPowers(beta)
		for range 2000 / sampleScale {
			n := int(rng.Int64N(1 << (10 + rng.IntN(50))))
			if got, want := p.OneMinus(n), refOneMinus(beta, n); got != want {
				t.Errorf("1 − %v^%d = %v, want %v", beta, n, got, want)
			}
		}
		if got := p.OneMinus(math.MaxInt); got != 1 {
			t.Errorf("1 − %v^MaxInt = %v, want 1", beta, got)
		}
	}
}

// TestPowTies: βᵗ can be exactly halfway between two float64s when β has a
// short mantissa (0.75³⁴ = 3³⁴/4³⁴, and 3³⁴ has 54 bits); it must round to
// even, as C's pow does.
func TestPowTies(t *testing.T) {
	ties := 0
	for _, beta := range []float64{0.75, 0.625, 0.5625, 0.9375, 0.5, 0.2} {
		p := NewPowers(beta)
		for n := 0; n < 200; n++ {
			want := exactPow(beta, n)
			if got := Pow(beta, n); got != want {
				t.Errorf("Pow(%v, %d) = %v, want %v", beta, n, got, want)
			}
			if got := p.OneMinus(n); got != 1-want {
				t.Errorf("1 − %v^%d = %v, want %v", beta, n, got, 1-want)
			}
			if isTie(beta, n) {
				ties++
			}
		}
	}
	if ties == 0 {
		t.Error("no tie among the cases: the test tests nothing")
	}
}

// isTie reports whether βⁿ lies exactly halfway between two float64s.
func isTie(beta float64, n int) bool {
	r := new(big.Rat).SetFloat64(beta)
	num := new(big.Int).Exp(r.Num(), big.NewInt(int64(n)), nil)
	return num.BitLen() == 54 // an odd 54-bit numerator over a power of two
}

// TestPowersSize keeps the tables small: an SSH session holds its races'
// optimizers, and a session must stay within 1 MiB.
func TestPowersSize(t *testing.T) {
	for _, c := range []struct {
		beta     float64
		maxBytes int
	}{{0.9, 2 << 10}, {0.999, 3 << 10}, {1 - 0x1p-53, 12 << 10}} {
		p := NewPowers(c.beta)
		n := 8 * len(p.head)
		for _, l := range p.levels {
			n += 16 * len(l)
		}
		if n > c.maxBytes {
			t.Errorf("β = %v: tables of %d bytes, want at most %d", c.beta, n, c.maxBytes)
		}
	}
}

func BenchmarkOneMinus(b *testing.B) {
	p := NewPowers(0.999)
	for _, t0 := range []int{25, 1000, 40000} {
		b.Run("t="+itoa(t0), func(b *testing.B) {
			s := 0.0
			for b.Loop() {
				s += p.OneMinus(t0)
			}
		})
	}
}

func BenchmarkNewPowers(b *testing.B) {
	for b.Loop() {
		NewPowers(0.999)
	}
}

func itoa(n int) string { return big.NewInt(int64(n)).String() }

// TestIntPow compares xⁿ with the exact rational rounded once, on random x
// of every magnitude, where products underflow and overflow, and on halfway
// cases (x with a short mantissa). A Rat has no −0, so signs are checked
// apart: xⁿ is negative, −0 when it underflows, exactly when x is and n is odd.
func TestIntPow(t *testing.T) {
	exact := func(x float64, n int) float64 {
		r := new(big.Rat).SetFloat64(x)
		p := new(big.Rat).SetInt64(1)
		for range n {
			p.Mul(p, r)
		}
		f, _ := p.Float64()
		return f
	}
	rng := rand.New(rand.NewPCG(11, 12))
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 0x1p-200, 0x1p200, 0x1.8p-270, 1e77, -1e77, 1e103, 1e-100, 0x1p-1074, math.MaxFloat64, 3, 10, -390}
	for range 20000 / sampleScale {
		xs = append(xs, math.Ldexp(2*rng.Float64()-1, rng.IntN(2000)-1000))
		xs = append(xs, float64(rng.IntN(1<<20))*math.Ldexp(1, rng.IntN(40)-20)) // short mantissas: ties
	}
	for _, x := range xs {
		for n := 2; n <= 4; n++ {
			want := exact(x, n) // ±Inf beyond float64's range
			negative := math.Signbit(x) && n%2 == 1
			if got := IntPow(x, n); got != want || math.Signbit(got) != negative {
				t.Fatalf("IntPow(%x, %d) = %x, want %x", x, n, got, want)
			}
		}
	}
	if !math.IsNaN(IntPow(math.NaN(), 3)) || IntPow(math.Inf(-1), 3) != math.Inf(-1) {
		t.Error("IntPow of NaN or −Inf")
	}
}
