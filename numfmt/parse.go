package numfmt

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// decimalNumber is how a number flag's value is written: an optional sign,
// digits with an optional decimal point, and an optional exponent (-2,
// 0.25, .5, 1e-3). strconv.ParseFloat alone would also take hexadecimal
// (0x1p-2) and underscores (1_0), which integer flags refuse.
var decimalNumber = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// nonFinite is how strconv.ParseFloat spells infinities and NaN; they
// parse, so that the message names the allowed range rather than "not a
// number".
var nonFinite = regexp.MustCompile(`(?i)^[+-]?(inf|infinity|nan)$`)

// ParseDecimal reads a number's value, or says in a few words why it
// is refused and that it must be allowed (which ok accepts): "empty", "not
// a number", "hexadecimal is not accepted", "too large", "too small", or
// just "must be …".
func ParseDecimal(text, allowed string, ok func(float64) bool) (float64, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return 0, fmt.Errorf("empty: must be %s", allowed)
	case decimalNumber.MatchString(text), nonFinite.MatchString(text):
	case IsHex(text):
		return 0, fmt.Errorf("hexadecimal is not accepted: must be %s, written in decimal", allowed)
	case strings.Contains(text, "_"):
		return 0, fmt.Errorf("underscores are not accepted: must be %s, written without _", allowed)
	default:
		return 0, fmt.Errorf("not a number: must be %s", allowed)
	}
	x, err := strconv.ParseFloat(text, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return 0, fmt.Errorf("too large: must be %s", allowed)
	case err != nil:
		return 0, fmt.Errorf("not a number: must be %s", allowed)
	case !ok(x) && x == 0 && nonzeroMantissa(text):
		return 0, fmt.Errorf("too small: rounds to 0 in float64, must be %s", allowed)
	case !ok(x):
		return 0, fmt.Errorf("must be %s", allowed)
	}
	return x, nil
}

// nonzeroMantissa reports whether a decimal number's digits before its
// exponent are not all zero: a number like 1e-400 that reads as 0 only
// because float64 cannot hold it.
func nonzeroMantissa(text string) bool {
	mantissa, _, _ := strings.Cut(strings.ToLower(text), "e")
	return strings.ContainsAny(mantissa, "123456789")
}

// IsHex reports whether text starts like a hexadecimal number: 0x, after an
// optional sign.
func IsHex(text string) bool {
	text = strings.TrimLeft(text, "+-")
	return len(text) >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')
}
