//go:build race

package search

// raceEnabled is true under the race detector, which makes the vector
// quality measurements too slow to run.
const raceEnabled = true
