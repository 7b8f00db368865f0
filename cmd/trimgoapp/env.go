package main

// envOnce: in the browser, Getenv reads each variable from app.js's
// environment once. go-app asked the page on every call, through three
// calls into JavaScript (the function looked up, tested, called), and
// its engine calls Getenv on every navigation (GOAPP_ROOT_PREFIX), as our
// app does for every address it reads: 0.7 ms of each filter tap at
// 1,000 articles (a CPU profile of 20 taps, no throttling). app.js's
// environment (goappEnv) is a constant, fixed for the page's life.
var envOnce = []edit{
	{file: "app.go",
		old: []string{"func Getenv(k string) string {\n\tif IsServer || !Window().Get(\"goappGetenv\").Truthy() {\n\t\treturn os.Getenv(k)\n\t}\n\n\tenv := Window().Call(\"goappGetenv\", k)\n\tif !env.Truthy() {\n\t\treturn \"\"\n\t}\n\treturn env.String()\n}\n"},
		new: []string{`func Getenv(k string) string {
	if IsServer {
		return os.Getenv(k)
	}
	return browserEnv.get(k, readBrowserEnv)
}
`}},
	{file: "env.go", new: []string{`package app

import (
	"os"
	"sync"
)

// readBrowserEnv reads one variable of app.js's environment (goappEnv), or
// of the process where the page has no app.js.
func readBrowserEnv(k string) string {
	if !Window().Get("goappGetenv").Truthy() {
		return os.Getenv(k)
	}
	env := Window().Call("goappGetenv", k)
	if !env.Truthy() {
		return ""
	}
	return env.String()
}

// browserEnv holds the variables Getenv read in the browser: app.js's
// environment is a constant, so each is read from the page once.
var browserEnv envCache

// envCache remembers what read gave for each variable.
type envCache struct {
	mu   sync.Mutex
	vars map[string]string
}

func (c *envCache) get(k string, read func(string) string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.vars[k]
	if !ok {
		v = read(k)
		if c.vars == nil {
			c.vars = map[string]string{}
		}
		c.vars[k] = v
	}
	return v
}
`}},
	{file: "env_internal_test.go", new: []string{`package app

import "testing"

func TestEnvCacheReadsOnce(t *testing.T) {
	var c envCache
	reads := map[string]int{}
	read := func(k string) string {
		reads[k]++
		if k == "GOAPP_ROOT_PREFIX" {
			return "/next-steps"
		}
		return ""
	}
	for range 3 {
		if got := c.get("GOAPP_ROOT_PREFIX", read); got != "/next-steps" {
			t.Fatalf("GOAPP_ROOT_PREFIX is %q, want /next-steps", got)
		}
		if got := c.get("GOAPP_VERSION", read); got != "" {
			t.Fatalf("GOAPP_VERSION is %q, want it empty", got)
		}
	}
	if reads["GOAPP_ROOT_PREFIX"] != 1 || reads["GOAPP_VERSION"] != 1 {
		t.Errorf("the page was asked %v times: want once each, an empty value too", reads)
	}
}
`}},
}
