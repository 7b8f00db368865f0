package main

import (
	"testing"
	"time"
)

func TestCollectNow(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		live, goal, inUse uint64
		want              bool
	}{
		{live: 20 * mb, goal: 64 * mb, inUse: 20 * mb, want: false}, // just collected
		{live: 20 * mb, goal: 64 * mb, inUse: 41 * mb, want: false}, // under half the way
		{live: 20 * mb, goal: 64 * mb, inUse: 42 * mb, want: true},  // half the way
		{live: 20 * mb, goal: 64 * mb, inUse: 63 * mb, want: true},
		{live: 20 * mb, goal: 64 * mb, inUse: 70 * mb, want: true},  // past the goal: Go is collecting
		{live: 64 * mb, goal: 64 * mb, inUse: 70 * mb, want: false}, // no way to go: at the memory limit
		{live: 30 * mb, goal: 20 * mb, inUse: 25 * mb, want: false},
		{live: 0, goal: 0, inUse: 0, want: false}, // no metrics
	} {
		if got := collectNow(tc.live, tc.goal, tc.inUse); got != tc.want {
			t.Errorf("collectNow(live %d MB, goal %d MB, in use %d MB) = %v, want %v", tc.live/mb, tc.goal/mb, tc.inUse/mb, got, tc.want)
		}
	}
}

func TestUntilStill(t *testing.T) {
	for _, tc := range []struct {
		now, lastInput float64
		want           time.Duration
	}{
		{now: 12000, lastInput: 0, want: 0},            // nothing done yet
		{now: 12000, lastInput: 12000, want: stillFor}, // just now
		{now: 12000, lastInput: 11800, want: stillFor - 200*time.Millisecond},
		{now: 12000, lastInput: 11500, want: 0}, // still for stillFor
		{now: 12000, lastInput: 2000, want: 0},
		{now: 12000, lastInput: 12000.5, want: stillFor}, // an event stamped after now: just now
	} {
		if got := untilStill(tc.now, tc.lastInput); got != tc.want {
			t.Errorf("untilStill(%v, %v) = %v, want %v", tc.now, tc.lastInput, got, tc.want)
		}
	}
}
