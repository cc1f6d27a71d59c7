package crmath

import (
	"math"
	"math/big"
	"sync"
)

// piHex is π·2⁻² to 4096 bits, in hexadecimal: 0x0.c90fdaa2… (TestPiConstants
// recomputes it with Machin's formula).
const piHex = "0x0." +
	"c90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22" +
	"514a08798e3404ddef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245" +
	"e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7edee386bfb5a899fa5" +
	"ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf0598da48361c55d39a" +
	"69163fa8fd24cf5f83655d23dca3ad961c62f356208552bb9ed529077096966d" +
	"670c354e4abc9804f1746c08ca18217c32905e462e36ce3be39e772c180e8603" +
	"9b2783a2ec07a28fb5c55df06f4c52c9de2bcbf6955817183995497cea956ae5" +
	"15d2261898fa051015728e5a8aaac42dad33170d04507a33a85521abdf1cba64" +
	"ecfb850458dbef0a8aea71575d060c7db3970f85a6e1e4c7abf5ae8cdb0933d7" +
	"1e8c94e04a25619dcee3d2261ad2ee6bf12ffa06d98a0864d87602733ec86a64" +
	"521f2b18177b200cbbe117577a615d6c770988c0bad946e208e24fa074e5ab31" +
	"43db5bfce0fd108e4b82d120a92108011a723c12a787e6d788719a10bdba5b26" +
	"99c327186af4e23c1a946834b6150bda2583e9ca2ad44ce8dbbbc2db04de8ef9" +
	"2e8efc141fbecaa6287c59474e6bc05d99b2964fa090c3a2233ba186515be7ed" +
	"1f612970cee2d7afb81bdd762170481cd0069127d5b05aa993b4ea988d8fddc1" +
	"86ffb7dc90a6c08f4df435c93402849236c3fab4d27c7026c1d4dcb2602646df"

// piBits is the number of bits of π in piHex.
const piBits = 4096

// piConst is π to piBits bits, parsed once and never changed: callers copy it.
var piConst = sync.OnceValue(func() *big.Float {
	f, _, err := big.ParseFloat(piHex, 0, piBits, big.ToNearestEven)
	if err != nil {
		panic("crmath: bad π constant: " + err.Error())
	}
	return f.SetMantExp(f, 2)
})

// piAt returns π rounded to prec bits: from piConst while it has enough
// bits, else computed with Machin's formula.
func piAt(prec uint) *big.Float {
	if prec <= piBits-8 {
		return new(big.Float).SetPrec(prec).Set(piConst())
	}
	return machinPi(prec)
}

// machinPi returns π to prec bits, π = 16·atan(1/5) − 4·atan(1/239).
func machinPi(prec uint) *big.Float {
	w := prec + 32
	a := atanInv(5, w)
	a.SetMantExp(a, 4)
	b := atanInv(239, w)
	b.SetMantExp(b, 2)
	return new(big.Float).SetPrec(prec).Sub(a, b)
}

// atanInv returns atan(1/n) = Σ (−1)ᵏ/((2k+1)·n²ᵏ⁺¹) to about prec bits.
func atanInv(n int64, prec uint) *big.Float {
	inv := new(big.Float).SetPrec(prec).SetInt64(n)
	inv.Quo(big.NewFloat(1), inv)
	inv2 := new(big.Float).SetPrec(prec).Mul(inv, inv)
	sum := new(big.Float).SetPrec(prec).Set(inv)
	power := new(big.Float).SetPrec(prec).Set(inv)
	term := new(big.Float).SetPrec(prec)
	div := new(big.Float).SetPrec(prec)
	for k := int64(1); ; k++ {
		power.Mul(power, inv2)
		term.Quo(power, div.SetInt64(2*k+1))
		if k%2 == 1 {
			sum.Sub(sum, term)
		} else {
			sum.Add(sum, term)
		}
		if term.MantExp(nil) < -int(prec)-8 {
			return sum
		}
	}
}

// slowSinCos returns sin(x + shift·π/2) correctly rounded, for finite x with
// |x| ≥ 2⁻²⁷, with math/big: the precision doubles until the result,
// within its error bound, rounds one way only. The sine or cosine of a
// nonzero float64 is transcendental, never a float64 or a midpoint between
// two, and no closer to a multiple of π/2 than about 2⁻⁶¹, so the loop ends,
// in practice at its first precision.
func slowSinCos(x float64, shift int) float64 {
	for prec := uint(256); ; prec *= 2 {
		y := bigSinCos(x, shift, prec)
		// |y − exact| < 2⁻ᵖʳᵉᶜ (see bigSinCos).
		eps := new(big.Float).SetMantExp(big.NewFloat(1), -int(prec))
		down, _ := new(big.Float).Sub(y, eps).Float64()
		up, _ := new(big.Float).Add(y, eps).Float64()
		if down == up {
			return down
		}
	}
}

// bigSinCos returns sin(x + shift·π/2) within 2⁻ᵖʳᵉᶜ, for prec ≥ 64.
//
// Error: x is exact. π has e + prec + 64 bits, e = max(0, exponent of x), so
// x − k·π/2 with |k| < 2ᵉ⁺¹ is exact to 2⁻⁽ᵖʳᵉᶜ⁺⁵⁸⁾. The series runs at
// w = prec + 32 bits with |r| ≤ 2.4 (k may be one off x·2/π's nearest
// integer): its n-th term carries at most 4n roundings of 2⁻ʷ, its partial
// sums at most cosh 2.4 < 6, and it stops once a term is below 2⁻ʷ, after
// N < 2·prec terms, so the total error is below 2⁻ʷ·(24N·6 + 6N + 2) <
// 2⁻ᵖʳᵉᶜ.
func bigSinCos(x float64, shift int, prec uint) *big.Float {
	e := max(0, math.Ilogb(x)+1)
	pp := prec + uint(e) + 64
	halfPi := piAt(pp)
	halfPi.SetMantExp(halfPi, -1)
	bx := new(big.Float).SetPrec(pp).SetFloat64(x)
	// k = round(x / (π/2)).
	q := new(big.Float).SetPrec(pp).Quo(bx, halfPi)
	if q.Sign() >= 0 {
		q.Add(q, big.NewFloat(0.5))
	} else {
		q.Sub(q, big.NewFloat(0.5))
	}
	k, _ := q.Int(nil) // truncates toward zero
	kf := new(big.Float).SetPrec(pp).SetInt(k)
	r := new(big.Float).SetPrec(pp).Mul(kf, halfPi)
	r.Sub(bx, r)
	quadrant := int(new(big.Int).And(k, big.NewInt(3)).Int64()) + shift // k mod 4, for negative k too
	w := prec + 32
	r.SetPrec(w)
	var y *big.Float
	if quadrant&1 == 0 {
		y = taylor(r, true, w)
	} else {
		y = taylor(r, false, w)
	}
	if quadrant&2 != 0 {
		y.Neg(y)
	}
	return y
}

// taylor returns sin r (odd) or cos r (!odd) at w bits from the Taylor
// series, stopping after the first term below 2⁻ʷ.
func taylor(r *big.Float, odd bool, w uint) *big.Float {
	r2 := new(big.Float).SetPrec(w).Mul(r, r)
	term := new(big.Float).SetPrec(w).SetInt64(1)
	n := int64(0)
	if odd {
		term.Set(r)
		n = 1
	}
	sum := new(big.Float).SetPrec(w).Set(term)
	div := new(big.Float).SetPrec(w)
	for {
		// term ← −term·r²/((n+1)(n+2))
		term.Mul(term, r2)
		term.Quo(term, div.SetInt64((n+1)*(n+2)))
		term.Neg(term)
		n += 2
		sum.Add(sum, term)
		if term.Sign() == 0 || term.MantExp(nil) < -int(w) {
			return sum
		}
	}
}
