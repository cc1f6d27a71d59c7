//go:build race

package crmath

// sampleScale divides the random samples of the slow reference tests under
// the race detector, which slows math/big tenfold and finds nothing in
// these single-goroutine computations.
const sampleScale = 10
