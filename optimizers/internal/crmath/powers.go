package crmath

import (
	"math"
	"math/big"
)

// Powers gives 1 − βᵗ as Python computes `1 - beta**t`: βᵗ correctly
// rounded (as the C library's pow gives it in nearly every case), then
// subtracted from 1 in float64. A Powers is built once per β and is
// immutable, so copies of an optimizer share it.
//
// βᵗ is a product of table entries: writing t in base 64, t = Σ dᵢ·64ⁱ,
// βᵗ = Π β^(dᵢ·64ⁱ), and levels[i][d] holds β^(d·64ⁱ) as a double-double.
// Entries stop where they fall below 2⁻⁶⁰: a t with a larger digit has
// βᵗ < 2⁻⁶⁰ and 1 − βᵗ rounds to 1. For β = 0.999 that is 139 entries
// (2.2 KiB); t < 64 is read from head, already rounded.
type Powers struct {
	beta float64
	// head[t] is 1 − fl(βᵗ), for t < len(head) = len(levels[0]).
	head []float64
	// levels[i][d] is β^(d·64ⁱ) to within 2⁻¹⁰⁶ of its value.
	levels [][]dd
	// last is the largest t whose every digit has an entry, Σ (len(levels[i]) − 1)·64ⁱ;
	// every t beyond has a digit without one, so 1 − βᵗ = 1.
	last int
}

// digitBits is the base of the tables' digits: 64 entries per level.
const (
	digitBits = 6
	digitMask = 1<<digitBits - 1
)

// negligible is the power of β below which 1 − βᵗ rounds to 1 (any βᵗ
// below 2⁻⁵⁴ would do; 2⁻⁶⁰ leaves room for the error of the entries).
const negligible = 0x1p-60

// powError bounds the relative error of a product of table entries: at most
// ten entries (β ≤ 1 − 2⁻⁵³ and 2⁻⁶⁰ reach no further than 64¹⁰) of error
// 2⁻¹⁰⁶ each, and nine products of error 2⁻¹⁰⁴ each, under 2⁻¹⁰⁰; taken
// 2⁴ larger for roundDD.
const powError = 0x1p-96

// tablePrec is the precision the tables are built at: an entry of level i
// carries about 64ⁱ⁺¹ roundings of 2⁻³²⁰, far below the 2⁻¹⁰⁶ of a
// double-double for the ten levels there can be.
const tablePrec = 320

// NewPowers returns the powers of β, for 0 ≤ β < 1.
func NewPowers(beta float64) *Powers {
	p := &Powers{beta: beta}
	base := new(big.Float).SetPrec(tablePrec).SetFloat64(beta)
	v := new(big.Float).SetPrec(tablePrec)
	small := big.NewFloat(negligible)
	for {
		level := make([]dd, 0, 1<<digitBits)
		v.SetInt64(1)
		for d := 0; d <= digitMask && v.Cmp(small) >= 0; d++ {
			level = append(level, toDD(v))
			v.Mul(v, base)
		}
		if len(level) < 2 && len(p.levels) > 0 {
			// β^(64ⁱ) < 2⁻⁶⁰: every t reaching this level has 1 − βᵗ = 1.
			break
		}
		p.levels = append(p.levels, level)
		if len(level) < 2 {
			break // β < 2⁻⁶⁰
		}
		for range digitBits {
			base.Mul(base, base)
		}
	}
	for i, level := range p.levels {
		p.last += (len(level) - 1) << (digitBits * i)
	}
	p.head = make([]float64, len(p.levels[0]))
	for t, e := range p.levels[0] {
		// The entry is within 2⁻¹⁰⁶ of βᵗ; an exact tie (β = 0.75, t = 34)
		// or a near one is left to Pow.
		pow, ok := roundDD(e.hi, e.lo, float64(0x1p-100*e.hi))
		if !ok {
			pow = Pow(beta, t)
		}
		p.head[t] = 1 - pow
	}
	return p
}

// toDD rounds v to a double-double: hi the float64 nearest v, lo the one
// nearest v − hi.
func toDD(v *big.Float) dd {
	hi, _ := v.Float64()
	lo, _ := new(big.Float).SetPrec(v.Prec()).Sub(v, new(big.Float).SetFloat64(hi)).Float64()
	return dd{hi, lo}
}

// OneMinus returns 1 − fl(βᵗ) for t ≥ 0, fl(βᵗ) being βᵗ correctly rounded.
func (p *Powers) OneMinus(t int) float64 {
	if uint(t) < uint(len(p.head)) {
		return p.head[t]
	}
	return p.oneMinusFar(t)
}

// oneMinusFar is OneMinus for t beyond head.
func (p *Powers) oneMinusFar(t int) float64 {
	switch {
	case t < 0:
		return math.NaN()
	case t > p.last:
		return 1
	}
	h, l := 1.0, 0.0
	rest := t
	for i, level := range p.levels {
		d := rest & digitMask
		rest >>= digitBits
		if d >= len(level) {
			return 1 // βᵗ ≤ β^(d·64ⁱ) < 2⁻⁶⁰
		}
		switch {
		case d == 0:
		case i == 0 || h == 1 && l == 0:
			h, l = level[d].hi, level[d].lo
		default:
			h, l = mulDD(h, l, level[d].hi, level[d].lo)
		}
	}
	if rest != 0 {
		return 1 // t ≥ 64^len(levels), so βᵗ < 2⁻⁶⁰
	}
	pow, ok := roundDD(h, l, float64(powError*h))
	if !ok {
		pow = Pow(p.beta, t)
	}
	return 1 - pow
}

// Pow returns βᵗ correctly rounded for 0 ≤ β < 1 and t ≥ 0, with math/big:
// exactly while the product fits the precision (so that a βᵗ that is a
// midpoint between two float64s rounds to even, as it must), else within
// a bound that doubles the precision until the rounding is certain.
func Pow(beta float64, t int) float64 {
	for prec := uint(128); ; prec *= 2 {
		v, exact, muls := powBig(beta, t, prec)
		if exact {
			f, _ := v.Float64()
			return f
		}
		// Each product rounds by 2⁻ᵖʳᵉᶜ at most; muls of them make less
		// than 2·muls·2⁻ᵖʳᵉᶜ of relative error.
		eps := new(big.Float).SetMantExp(v, 1+bitsLen(muls)-int(prec))
		down, _ := new(big.Float).Sub(v, eps).Float64()
		up, _ := new(big.Float).Add(v, eps).Float64()
		if down == up {
			return down
		}
	}
}

// powBig returns βᵗ at prec bits by binary exponentiation, whether every
// product was exact, and how many products it took.
func powBig(beta float64, t int, prec uint) (v *big.Float, exact bool, muls int) {
	v = new(big.Float).SetPrec(prec).SetInt64(1)
	b := new(big.Float).SetPrec(prec).SetFloat64(beta)
	exact = true
	for n := t; n > 0; n >>= 1 {
		if n&1 == 1 {
			exact = v.Mul(v, b).Acc() == big.Exact && exact
			muls++
		}
		if n > 1 {
			exact = b.Mul(b, b).Acc() == big.Exact && exact
			muls++
		}
	}
	return v, exact, muls
}

// bitsLen returns the number of bits of n > 0.
func bitsLen(n int) int {
	b := 0
	for ; n > 0; n >>= 1 {
		b++
	}
	return b
}
