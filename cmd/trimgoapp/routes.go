package main

// routeFuncs: a route may be matched by a function, RouteFunc, and the
// router holds functions rather than regular expressions, so regexp is
// linked into app.wasm only by an app that calls RouteWithRegexp.
//
// go-app's router kept its pattern routes as *regexp.Regexp and matched
// them in createComponent, which every app runs: every app.wasm carried
// regexp, regexp/syntax and the Unicode tables it names (unicode.Scripts,
// unicode.Categories), whose maps are built at every start, in a 50 KB
// function that V8 compiles on a first visit. Our routes need no pattern:
// a page under a prefix is one path segment after it (app/routes.go).
//
// RouteWithRegexp keeps its meaning: it registers its pattern's
// MatchString. Pattern and function routes are tried in the order they
// were registered, after the exact paths, as before.
var routeFuncs = []edit{
	{file: "route.go",
		old: []string{
			"\tmu               sync.RWMutex\n\troutes           map[string]func() Composer\n\troutesWithRegexp []regexpRoute\n",
			`func (r *router) routeWithRegexp(pattern string, newComponent func() Composer) {
	r.mu.Lock()
	defer r.mu.Unlock()

	r.routesWithRegexp = append(r.routesWithRegexp, regexpRoute{
		regexp:       regexp.MustCompile(pattern),
		newComponent: newComponent,
	})
}
`,
			"\tfor _, rwr := range r.routesWithRegexp {\n\t\tif rwr.regexp.MatchString(path) {\n\t\t\treturn true\n",
			"\tfor _, rwr := range r.routesWithRegexp {\n\t\tif rwr.regexp.MatchString(path) {\n\t\t\treturn rwr.newComponent(), true\n",
			"type regexpRoute struct {\n\tregexp       *regexp.Regexp\n\tnewComponent func() Composer\n}\n",
		},
		new: []string{
			`	mu     sync.RWMutex
	routes map[string]func() Composer

	// funcRoutes are the routes matched by a function (RouteFunc, and
	// RouteWithRegexp with its pattern's MatchString), tried in order.
	funcRoutes []funcRoute
`,
			`func (r *router) routeWithRegexp(pattern string, newComponent func() Composer) {
	r.routeFunc(regexp.MustCompile(pattern).MatchString, newComponent)
}

func (r *router) routeFunc(match func(path string) bool, newComponent func() Composer) {
	r.mu.Lock()
	defer r.mu.Unlock()

	r.funcRoutes = append(r.funcRoutes, funcRoute{
		match:        match,
		newComponent: newComponent,
	})
}
`,
			"\tfor _, fr := range r.funcRoutes {\n\t\tif fr.match(path) {\n\t\t\treturn true\n",
			"\tfor _, fr := range r.funcRoutes {\n\t\tif fr.match(path) {\n\t\t\treturn fr.newComponent(), true\n",
			`// funcRoute is a route whose paths a function recognizes. The router holds
// no regular expression itself, so an app that never calls RouteWithRegexp
// links no regexp package (nor the Unicode tables it builds at start-up).
type funcRoute struct {
	match        func(path string) bool
	newComponent func() Composer
}
`,
		}},
	{file: "app.go",
		old: []string{"func RouteWithRegexp(pattern string, newComponent func() Composer) {\n\troutes.routeWithRegexp(pattern, newComponent)\n}\n"},
		new: []string{`func RouteWithRegexp(pattern string, newComponent func() Composer) {
	routes.routeWithRegexp(pattern, newComponent)
}

// RouteFunc associates the URL paths for which match reports true with a
// function that generates a new Composer component, as RouteWithRegexp
// does for the paths its pattern matches. Exact routes (Route) come first;
// RouteFunc and RouteWithRegexp routes are then tried in the order they
// were registered.
//
// Unlike RouteWithRegexp, it does not link the regexp package into the
// app, which makes app.wasm smaller.
//
// Example:
//
//	RouteFunc(func(path string) bool {
//	    id, ok := strings.CutPrefix(path, "/users/")
//	    return ok && id != "" && !strings.Contains(id, "/")
//	}, func() Composer {
//	    return NewUserComponent()
//	})
func RouteFunc(match func(path string) bool, newComponent func() Composer) {
	routes.routeFunc(match, newComponent)
}
`}},
	{file: "route_func_test.go", new: []string{`package app

import (
	"strings"
	"testing"
)

type routeFuncTestCompo struct {
	Compo
	name string
}

// TestRouteFunc: exact routes first, then function and pattern routes in
// the order they were registered.
func TestRouteFunc(t *testing.T) {
	r := makeRouter()
	named := func(name string) func() Composer {
		return func() Composer { return &routeFuncTestCompo{name: name} }
	}
	r.route("/users/me", named("me"))
	r.routeFunc(func(path string) bool {
		id, ok := strings.CutPrefix(path, "/users/")
		return ok && id != "" && !strings.Contains(id, "/")
	}, named("user"))
	r.routeWithRegexp("^/users/", named("users pattern"))
	r.routeFunc(func(path string) bool { return strings.HasPrefix(path, "/") }, named("anything"))

	for path, want := range map[string]string{
		"/users/me":       "me",
		"/users/42":       "user",
		"/users/42/posts": "users pattern",
		"/users/":         "users pattern",
		"/help":           "anything",
	} {
		c, ok := r.createComponent(path)
		if !ok {
			t.Errorf("%s: not routed", path)
			continue
		}
		if got := c.(*routeFuncTestCompo).name; got != want {
			t.Errorf("%s: routed to %q, want %q", path, got, want)
		}
		if !r.routed(path) {
			t.Errorf("%s: routed reports false", path)
		}
	}
	if _, ok := r.createComponent("users"); ok || r.routed("users") {
		t.Error("a path no route matches is routed")
	}
}
`}},
}
