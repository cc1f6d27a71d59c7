//go:build !race

package crmath

// sampleScale divides the random samples of the slow reference tests (see
// race_test.go).
const sampleScale = 1
