package main

// keptChildren: go-app updates an element's children matching them from
// both ends, not by position alone (node.go, updateHTML).
//
// go-app compared the old children with the new ones by position, and a
// child whose type or tag differed from the one at its place was mounted
// afresh. So a part shown on a condition, in the middle of its parent,
// shifted every child after it, and each was mounted again: on the home
// page, choosing a second therapy the comparison covers shows "Compare
// these" above the list, and the whole list of 50 cards was built again,
// which takes about twice as long as updating it (a CPU profile of filter
// toggles at 1,000 articles, no throttling: 39 ms to mount the list, 20
// ms to update it). Now the children that can be updated are matched from
// the start and from the end, and only those between are matched by
// position, as before. A list that changes with nothing added or removed
// is updated in place, as before.
//
// Its test (node_children_test.go, run by TestMarkupInGoApp) adds and
// removes children at the start, in the middle and at the end, and checks
// that every other child is the one that was there, updated.
var keptChildren = []edit{
	{file: "node.go", old: []string{`	children := v.body()
	newChildren := new.body()
	sharedLen := min(len(children), len(newChildren))
	for i := 0; i < min(len(children), len(newChildren)); i++ {
		child := children[i]
		newChild := newChildren[i]
		if m.CanUpdate(child, newChild) {
			child, err := m.Update(ctx, child, newChild)
			if err != nil {
				return nil, errors.New("updating child failed").
					WithTag("type", reflect.TypeOf(v)).
					WithTag("tag", v.Tag()).
					WithTag("depth", v.depth()).
					WithTag("index", i).
					Wrap(err)
			}
			children[i] = child
			continue
		}

		newChild, err := m.Mount(ctx, v.depth()+1, newChildren[i])
		if err != nil {
			return nil, errors.New("mounting child failed").
				WithTag("type", reflect.TypeOf(v)).
				WithTag("tag", v.Tag()).
				WithTag("depth", v.depth()).
				WithTag("index", i).
				Wrap(err)
		}
		v.JSValue().replaceChild(newChild, child)
		newChild = newChild.setParent(v)
		children[i] = newChild
		m.Dismount(child)
	}

	for i := sharedLen; i < len(children); i++ {
		child := children[i]
		v.JSValue().removeChild(child)
		m.Dismount(child)
		children[i] = nil
	}
	children = children[:sharedLen]

	for i := sharedLen; i < len(newChildren); i++ {
		newChild, err := m.Mount(ctx, v.depth()+1, newChildren[i])
		if err != nil {
			return nil, errors.New("mounting child failed").
				WithTag("type", reflect.TypeOf(v)).
				WithTag("tag", v.Tag()).
				WithTag("depth", v.depth()).
				WithTag("index", i).
				Wrap(err)
		}
		v.JSValue().appendChild(newChild)
		newChild = newChild.setParent(v)
		children = append(children, newChild)
	}

	v = v.setBody(children)
	return v, nil
}
`}, new: []string{`	children, err := m.updateChildren(ctx, v, v.body(), new.body())
	if err != nil {
		return nil, err
	}
	v = v.setBody(children)
	return v, nil
}

// updateChildren updates v's children to newChildren and returns them.
// The children that can be updated in place are matched from the start,
// then from the end, and only those between are matched by position: a
// child that appears or goes in the middle (a part of a page shown on a
// condition) is mounted or dismounted alone, where matching by position
// alone replaced every child after it, each mounted again. When nothing
// was added or removed every child is updated in place, as before.
func (m nodeManager) updateChildren(ctx Context, v HTML, children, newChildren []UI) ([]UI, error) {
	failed := func(what string, err error, i int) error {
		return errors.New(what+" child failed").
			WithTag("type", reflect.TypeOf(v)).
			WithTag("tag", v.Tag()).
			WithTag("depth", v.depth()).
			WithTag("index", i).
			Wrap(err)
	}

	head := 0
	for head < len(children) && head < len(newChildren) && m.CanUpdate(children[head], newChildren[head]) {
		head++
	}
	tail := 0
	for tail < len(children)-head && tail < len(newChildren)-head &&
		m.CanUpdate(children[len(children)-1-tail], newChildren[len(newChildren)-1-tail]) {
		tail++
	}

	for i := 0; i < head; i++ {
		child, err := m.Update(ctx, children[i], newChildren[i])
		if err != nil {
			return nil, failed("updating", err, i)
		}
		children[i] = child
	}
	if head == len(children) && head == len(newChildren) {
		return children, nil
	}

	updated := make([]UI, head, len(newChildren))
	copy(updated, children)
	middle := children[head : len(children)-tail]
	newMiddle := newChildren[head : len(newChildren)-tail]
	for i := 0; i < min(len(middle), len(newMiddle)); i++ {
		child, newChild := middle[i], newMiddle[i]
		if m.CanUpdate(child, newChild) {
			child, err := m.Update(ctx, child, newChild)
			if err != nil {
				return nil, failed("updating", err, head+i)
			}
			updated = append(updated, child)
			continue
		}

		newChild, err := m.Mount(ctx, v.depth()+1, newChild)
		if err != nil {
			return nil, failed("mounting", err, head+i)
		}
		v.JSValue().replaceChild(newChild, child)
		updated = append(updated, newChild.setParent(v))
		m.Dismount(child)
	}
	for i := len(newMiddle); i < len(middle); i++ {
		v.JSValue().removeChild(middle[i])
		m.Dismount(middle[i])
	}
	// The children added go before the children kept at the end, which
	// have not been updated yet, so their nodes are the ones in the page.
	// Several are mounted from one markup string when they can be
	// (mountRunFromMarkup, added by mountFromMarkup), and put in place
	// with one call.
	place := func(nodes ...any) {
		if tail > 0 {
			children[len(children)-tail].JSValue().Call("before", nodes...)
		} else {
			v.JSValue().Call("append", nodes...)
		}
	}
	added := newMiddle[min(len(middle), len(newMiddle)):]
	if ok, err := m.mountRunFromMarkup(ctx, v.depth()+1, added); ok {
		if err != nil {
			return nil, failed("mounting", err, head+len(middle))
		}
		nodes := make([]any, len(added))
		for i, child := range added {
			nodes[i] = child
			updated = append(updated, child.setParent(v))
		}
		place(nodes...)
		added = nil
	}
	for i, newChild := range added {
		newChild, err := m.Mount(ctx, v.depth()+1, newChild)
		if err != nil {
			return nil, failed("mounting", err, head+len(middle)+i)
		}
		place(newChild)
		updated = append(updated, newChild.setParent(v))
	}

	for i := 0; i < tail; i++ {
		j := len(newChildren) - tail + i
		child, err := m.Update(ctx, children[len(children)-tail+i], newChildren[j])
		if err != nil {
			return nil, failed("updating", err, j)
		}
		updated = append(updated, child)
	}
	return updated, nil
}
`}},
	{file: "node_children_test.go", new: []string{`package app

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestUpdateKeepsChildren: a child added or removed anywhere is mounted or
// dismounted alone; every other child is the one that was there, updated.
func TestUpdateKeepsChildren(t *testing.T) {
	ctx := makeTestContext()
	list := func() UI { return Ul().Body(Li().Text("1"), Li().Text("2")) }
	tests := []struct {
		name     string
		old, new []UI
		kept     map[int]int // old child: the new child it became
	}{
		{
			name: "one in the middle",
			old:  []UI{H2().Text("a"), list(), P().Text("more")},
			new:  []UI{H2().Text("a"), P().Text("compare"), list(), P().Text("more")},
			kept: map[int]int{0: 0, 1: 2, 2: 3},
		},
		{
			name: "one gone from the middle",
			old:  []UI{H2().Text("a"), P().Text("compare"), list(), P().Text("more")},
			new:  []UI{H2().Text("a"), list(), P().Text("more")},
			kept: map[int]int{0: 0, 2: 1, 3: 2},
		},
		{
			name: "one at the start",
			old:  []UI{list(), P().Text("more")},
			new:  []UI{H2().Text("new"), list(), P().Text("more")},
			kept: map[int]int{0: 1, 1: 2},
		},
		{
			name: "one at the end",
			old:  []UI{H2().Text("a"), list()},
			new:  []UI{H2().Text("a"), list(), P().Text("more")},
			kept: map[int]int{0: 0, 1: 1},
		},
		{
			name: "one in the place of another, by position",
			old:  []UI{H2().Text("a"), Div().Text("empty"), P().Text("more")},
			new:  []UI{H2().Text("a"), list(), P().Text("more")},
			kept: map[int]int{0: 0, 2: 2},
		},
		{
			name: "the same children, updated in place",
			old:  []UI{H2().Text("a"), list(), P().Text("x")},
			new:  []UI{H2().Text("b"), Ul().Body(Li().Text("3")), P().Text("y")},
			kept: map[int]int{0: 0, 1: 1, 2: 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m nodeManager
			div, err := m.Mount(ctx, 1, Div().Body(tt.old...))
			require.NoError(t, err)
			before := append([]UI(nil), div.(HTML).body()...)
			want := Div().Body(tt.new...)
			var wantHTML, gotHTML string
			{
				var w markupWriter
				w.writeTop(want)
				wantHTML = w.b.String()
			}

			div, err = m.Update(ctx, div, want)
			require.NoError(t, err)
			after := div.(HTML).body()
			require.Len(t, after, len(tt.new))
			for i, c := range before {
				j, ok := tt.kept[i]
				switch {
				case ok && after[j] != c:
					t.Errorf("old child %d (%T) was not kept as child %d", i, c, j)
				case !ok && c.Mounted():
					t.Errorf("old child %d (%T) is still mounted", i, c)
				}
			}
			for i, c := range after {
				require.True(t, c.Mounted(), "child %d", i)
				require.Equal(t, div, c.parent(), "child %d's parent", i)
			}
			{
				var w markupWriter
				w.writeTop(div.(HTML))
				gotHTML = w.b.String()
			}
			require.Equal(t, wantHTML, gotHTML)
		})
	}
}
`}},
}
