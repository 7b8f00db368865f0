package main

import "time"

// collectNow reports whether the heap is far enough on its way to the
// point where Go will collect it (goal) that the app should collect it
// itself, now that the reader is idle: when the heap in use (inUse, live
// objects and garbage not yet collected) has come at least half the way
// from what the last collection left live (live) to the goal. Then a
// collection would come within about as much work again as the reader
// has done since the last one, inside a tap or a keystroke. Below half,
// collecting now would cost as much and buy less.
func collectNow(live, goal, inUse uint64) bool {
	if goal <= live || inUse <= live {
		return false
	}
	return inUse-live >= (goal-live)/2
}

// collectedMark names the performance measure of a collection the app made
// while the reader was idle (collectWhenIdle).
const collectedMark = "nextsteps-idle-collection"

// collectEvery is how often collectWhenIdle looks at the heap.
const collectEvery = time.Second
