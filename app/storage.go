package app

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Reader data (saved articles, settings) lives in localStorage, on this
// device only. Browsers can refuse it: disabled storage makes the
// window.localStorage getter throw, a full one makes setItem throw, and a
// value can be unreadable. None of that may stop the app.
//
// go-app's ctx.LocalStorage() reads window.localStorage with a plain
// property get, and in Go's wasm a JavaScript exception thrown by a getter
// is not turned into a Go panic: it unwinds through the Go runtime and
// freezes the app. go-app itself reads it at start-up, so
// cmd/nextsteps/boot.js replaces refused storage with an in-memory stand-in
// before the wasm runs, and flags it. Here storage is reached only through
// Call (which catches exceptions and panics with a js.Error we can
// recover), starting with Reflect.get(window, "localStorage").

var errNoStorage = errors.New("this browser's storage cannot be used")

// storageRefused is the window property cmd/nextsteps/boot.js sets when it put an
// in-memory stand-in in place of refused storage.
const storageRefused = "nextstepsStorageRefused"

// localStorage returns window.localStorage, or an error if it is refused.
func localStorage() (ls app.Value, err error) {
	if app.IsServer {
		return nil, errNoStorage
	}
	defer func() {
		if r := recover(); r != nil {
			ls, err = nil, fmt.Errorf("%w: %v", errNoStorage, r)
		}
	}()
	win := app.Window()
	if win.Get(storageRefused).Truthy() {
		// cmd/nextsteps/boot.js found storage refused and put an in-memory
		// stand-in there: nothing kept in it would survive a reload.
		return nil, errNoStorage
	}
	ls = win.Get("Reflect").Call("get", win, "localStorage")
	if !ls.Truthy() {
		return nil, errNoStorage
	}
	return ls, nil
}

// getStored reads the JSON value stored under key into v. A missing key
// leaves v unchanged and is not an error; refused storage and unreadable
// JSON are.
func getStored(key string, v any) (err error) {
	ls, err := localStorage()
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("reading %s: %w: %v", key, errNoStorage, r)
		}
	}()
	item := ls.Call("getItem", key)
	if item.IsNull() || item.IsUndefined() {
		return nil
	}
	if err := json.Unmarshal([]byte(item.String()), v); err != nil {
		return fmt.Errorf("reading %s: stored value is not valid: %w", key, err)
	}
	return nil
}

// setStored stores v as JSON under key.
func setStored(key string, v any) (err error) {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	ls, err := localStorage()
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("writing %s: %w: %v", key, errNoStorage, r)
		}
	}()
	ls.Call("setItem", key, string(b))
	return nil
}

// persistAskedKey remembers that persistent storage was requested.
const persistAskedKey = "nextsteps.persist-asked.v1"

// askPersistence asks the browser, once, to keep this site's storage even
// when the device runs low on space, so saved articles and progress are not
// evicted. Called when the reader first saves something or installs the app.
func askPersistence() {
	var asked bool
	if getStored(persistAskedKey, &asked) != nil || asked {
		return
	}
	if st := app.Window().Get("navigator").Get("storage"); st.Truthy() && st.Get("persist").Truthy() {
		st.Call("persist")
	}
	setStored(persistAskedKey, true)
}
