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

// collectWantedMark names the performance mark the app makes when it
// has found a collection due (collectNow) and starts waiting for the
// reader to be still (untilStill) and the browser idle: for a trace, and
// for TestGarbageCollectedWhenIdle.
const collectWantedMark = "nextsteps-idle-collection-wanted"

// collectEvery is how often collectWhenIdle looks at the heap.
const collectEvery = time.Second

// stillFor is how long the reader must have done nothing (no touch,
// click, key or scroll) before the app collects. The browser's idle
// periods come between the frames of a reader tapping through the
// filter's toggles or typing a word as readily as in a pause, and a
// collection started in one (25 ms at 25 articles, unthrottled) holds up
// the next tap. Half a second is longer than the gaps between the taps
// and keys of a reader at work, and short beside a pause to read.
const stillFor = 500 * time.Millisecond

// untilStill is how much longer the app waits before collecting, at the
// time now, when the reader last did something at lastInput (both in
// milliseconds on performance.now()'s clock; lastInput is 0 when the
// reader has done nothing yet): zero once the reader has been still for
// stillFor.
func untilStill(now, lastInput float64) time.Duration {
	if lastInput <= 0 {
		return 0
	}
	// An event's timeStamp can be a little after the now read since.
	left := stillFor - time.Duration(max(now-lastInput, 0)*float64(time.Millisecond))
	return max(left, 0)
}
