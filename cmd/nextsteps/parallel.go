//go:build !wasm

package main

import (
	"runtime"
	"sync"
)

// inParallel calls f(i) for every i from 0 to n-1, as many at a time as
// there are cores, and returns when all have: for the work a site does
// once per article or per file when it is put together (rendering the
// pages, compressing the files), which on a library of thousands is
// seconds on one core.
func inParallel(n int, f func(i int)) {
	lanes := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := range n {
		lanes <- struct{}{}
		wg.Go(func() {
			defer func() { <-lanes }()
			f(i)
		})
	}
	wg.Wait()
}
