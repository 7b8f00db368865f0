// A program for TestSameMemory: enough of the standard library (fmt,
// maps, sorted keys) that its data section holds many short runs of zeroes.
package main

import (
	"fmt"
	"maps"
	"slices"
)

var table = map[string]int{"ect": 1, "tms": 2, "esketamine": 3}

func main() {
	for _, k := range slices.Sorted(maps.Keys(table)) {
		fmt.Println(k, table[k])
	}
}
