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
	return decodeStored(key, item.String(), v)
}

// decodeStored reads the text stored under key into v.
func decodeStored(key, text string, v any) error {
	if err := json.Unmarshal([]byte(text), v); err != nil {
		return fmt.Errorf("reading %s: stored value is not valid: %w", key, err)
	}
	return nil
}

// encodeStored is the text setStored stores for v.
func encodeStored(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// setStored stores v as JSON under key.
func setStored(key string, v any) (err error) {
	text, err := encodeStored(v)
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
	ls.Call("setItem", key, text)
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

// WarmStorage writes and reads back, in memory only, a value of each kind
// of reader data the app keeps, as setStored and getStored would
// (encodeStored, decodeStored), touching no storage. The warm-up worker
// calls it after the start (cmd/nextsteps's main_wasm.go, warmUp), so that
// the browser compiles the JSON code for them there, off the page's
// thread. A reader who has stored nothing reads nothing at the start, and
// the page's thread compiled that code in the first write: the first
// Save on an article compiled 31 of app.wasm's functions, 18-27 ms of a
// 94-105 ms tap at 4x CPU slowdown (traces of make bench's article
// session), most of them encoding/json's and reflect's for the saved
// list. TestWarmUpInAWorker counts them.
func WarmStorage() {
	warmStored([]string{"an-article"}) // saved (loadSaved)
	warmStored(map[string]position{"an-article": {Y: 1, P: 0.5, T: 1}})
	warmStored([]question{{ID: "q", Text: "A question?", Slug: "an-article", Title: "A title", Core: true, Asked: true}})
	warmStored(defaultSettings())
	warmStored("region")
	warmStored(true) // askPersistence, the install offer
}

// warmStored encodes v and decodes the text into a value of its type
// that is empty, as the app's readers start from.
func warmStored[T any](v T) {
	if text, err := encodeStored(v); err == nil {
		var back T
		_ = decodeStored("warm-up", text, &back)
	}
}
