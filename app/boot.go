package app

import "nextsteps/content"

// The values of data-pending on <html>: what cmd/nextsteps/boot.js holds back until
// the app has drawn it (see setPage). web/app.css selects them
// (html[data-pending~="list"]); a stylesheet cannot read Go, so it spells
// them as here.
const (
	pendingList     = "list"     // a list for an address with listKeys
	pendingSaved    = "saved"    // the Save buttons, when anything is saved
	pendingSettings = "settings" // the display settings, when any were chosen
	pendingCompare  = "compare"  // the comparison's chooser, for an address with a choice
	// the add buttons, the header's count and the list on /questions, when
	// the reader has questions
	pendingQuestions = "questions"
	// the whole page, when it is the home page standing in for another
	// address (the service worker's answer offline for a page it lacks)
	pendingPage = "page"
)

// Boot is what cmd/nextsteps/boot.js shares with the app: it runs before the app,
// reading the same storage and the same page, and deciding from the same
// rules. The build writes it into the script as the constant NS
// (cmd/nextsteps/boot.go), so boot.js spells none of these itself and the
// two cannot drift apart. The JSON names are the ones boot.js reads.
type Boot struct {
	Storage struct {
		Settings  string `json:"settings"`
		Progress  string `json:"progress"`
		Saved     string `json:"saved"`
		Region    string `json:"region"`
		Questions string `json:"questions"`
	} `json:"storage"`
	StorageRefused string `json:"storageRefused"` // the window property set when storage is refused
	Paths          struct {
		Home      string `json:"home"`
		Help      string `json:"help"`
		Saved     string `json:"saved"`
		Questions string `json:"questions"`
		Articles  string `json:"articles"` // the prefix of an article's address
		Compare   string `json:"compare"`
	} `json:"paths"`
	// Compare is what part 8 needs to show the chosen options of the
	// comparison before the app runs: the query key, the options it
	// covers (from the corpus) and how many make a comparison.
	Compare struct {
		Key    string   `json:"key"`
		Topics []string `json:"topics"`
		Min    int      `json:"min"`
		Max    int      `json:"max"`
	} `json:"compare"`
	IDs struct {
		Regions          string `json:"regions"`
		EmergencyNumbers string `json:"emergencyNumbers"`
		RegionChoice     string `json:"regionChoice"`
		Loader           string `json:"loader"`
	} `json:"ids"`
	Classes struct {
		ChipRow     string `json:"chipRow"`
		SavingCount string `json:"savingCount"`
	} `json:"classes"`
	// Saved is how part 10 tells the app that every article is saved
	// (offlineStatus): a flag on <html> and an event on window.
	// Unsaved marks <html> with how many articles could not be saved,
	// Search that part of the search index could not be.
	Saved struct {
		Flag    string `json:"flag"`
		Unsaved string `json:"unsaved"`
		Search  string `json:"search"`
		Event   string `json:"event"`
	} `json:"saved"`
	ListKeys []string `json:"listKeys"`
	Pending  struct {
		List      string `json:"list"`
		Saved     string `json:"saved"`
		Settings  string `json:"settings"`
		Compare   string `json:"compare"`
		Questions string `json:"questions"`
		Page      string `json:"page"`
	} `json:"pending"`
	Progress struct {
		Started     float64 `json:"started"`
		Finished    float64 `json:"finished"`
		ContinueMax int     `json:"continueMax"`
		ResumeFrom  float64 `json:"resumeFrom"`
	} `json:"progress"`
	TextSize struct {
		Min int `json:"min"`
		Max int `json:"max"`
	} `json:"textSize"`
	Themes []string `json:"themes"`
	// Corpus names the window properties of the data files the app
	// starts with: the catalog and the texts list (content.Corpus.Bundle),
	// each by its address from the site's root and the hash its bytes must
	// have, which /web/corpus.js sets in window[FilesGlobal]; part 6
	// fetches them and hands them over in window[Global].
	Corpus struct {
		Global      string `json:"global"`
		FilesGlobal string `json:"filesGlobal"` // CorpusFilesGlobal
	} `json:"corpus"`
	Mount     string `json:"mount"`     // MountGlobal
	LastInput string `json:"lastInput"` // LastInputGlobal
	// Warm is part 11's: the worker that runs the app's start while the
	// reader reads (cmd/nextsteps/warm.js), the addresses it loads from
	// the site's root, how the Go program learns that it runs there, and
	// the window properties in which app.js looks for the module it
	// compiled and the instance the page made of it (go-app's, as
	// cmd/trimgoapp's compiledModule edits it).
	Warm struct {
		Script   string `json:"script"`   // WarmScriptPath
		Exec     string `json:"exec"`     // go-app's wasm_exec.js
		Wasm     string `json:"wasm"`     // app.wasm
		Env      string `json:"env"`      // WarmEnv
		Ready    string `json:"ready"`    // WarmReadyGlobal
		Page     string `json:"page"`     // WarmPageGlobal
		Drawn    string `json:"drawn"`    // WarmDrawnGlobal
		Module   string `json:"module"`   // CompiledModuleGlobal
		Instance string `json:"instance"` // InstanceGlobal
	} `json:"warm"`
}

// WarmScriptPath is the address of the worker script that runs the app's
// start while the reader reads (boot.js, part 11).
const WarmScriptPath = "/web/warm.js"

// WarmEnv is the environment variable that tells the Go program it runs in
// that worker, holding the address of the page it warms up for
// (cmd/nextsteps/main_wasm.go, warmUp).
const WarmEnv = "NEXTSTEPS_WARM"

// WarmReadyGlobal is the worker's function that the Go program calls once
// the start is compiled and run, before it goes on to a first search
// (WarmSearch): the worker then hands the page the module, whose
// functions compiled later the page's app shares.
const WarmReadyGlobal = "nextstepsWarmReady"

// WarmPageGlobal is the worker's function that the Go program calls, its
// warm-up done, to mount the page in the worker as the app will on the
// page: it gives the worker a stand-in for the page (a document whose
// every node is a placeholder, the page's address, go-app's scripts) and
// reports whether it did. The Go program then runs go-app on it
// (cmd/nextsteps/main_wasm.go, warmUp), and the browser compiles go-app's
// mounting, the components' OnMount and the engine's first round off
// the page's thread.
const WarmPageGlobal = "nextstepsWarmPage"

// WarmDrawnGlobal is the worker's function that the app calls with a
// page's address once it has drawn that page on the stand-in (setPage, at
// the end of the frame that drew it). The worker then sends its go-app to
// the next address a reader's first taps lead to, or ends (warm.js,
// visit). A page has no such function.
const WarmDrawnGlobal = "nextstepsWarmDrawn"

// CompiledModuleGlobal is the window property in which go-app's app.js
// looks for a compiled module to instantiate (cmd/trimgoapp, warm.go).
const CompiledModuleGlobal = "goappCompiledModule"

// InstanceGlobal is the window property in which go-app's app.js looks
// for an instance of app.wasm the page made while it waited, as a promise
// of {go, instance}: a Go object of wasm_exec.js and the instance made
// with its imports (cmd/trimgoapp, warm.go; boot.js, part 11).
const InstanceGlobal = "goappInstance"

// CorpusFilesGlobal is the window property in which the site's corpus
// script (cmd/nextsteps/boot.go, corpusJS) names the catalog and the texts
// list for boot.js, as DataRefs. It is a script of its own, not part of
// boot.js, because a correction changes the texts list's name: boot.js,
// nine tenths of the bytes, then stays the same, and an installed reader
// does not download it again.
const CorpusFilesGlobal = "nextstepsCorpusFiles"

// DataRef names a data file boot.js fetches.
type DataRef struct {
	Path      string `json:"path"`
	Integrity string `json:"integrity"` // content.CorpusIntegrity
}

// CorpusGlobal is the window property through which boot.js hands the
// wasm the data files it fetched, already checked against their hashes,
// and the function that reads an article's own file: {files: [catalog,
// texts list] as Uint8Arrays, read(path)}. The wasm reads it once at
// start-up (cmd/nextsteps/main_wasm.go) and deletes it.
const CorpusGlobal = "nextstepsCorpus"

// MountGlobal is the window property holding boot.js's part in the app's
// start. The Go program calls it once it has read the articles and set up
// its routes, just before go-app replaces the pre-rendered page with its
// own, passing a function that goes on with the start
// (cmd/nextsteps/main_wasm.go). boot.js calls that function from a task of
// its own, so the browser handles what the reader did meanwhile and draws
// a frame first; and in that same task, just before it, it notes where the
// reader is typing and how far each row of toggles is scrolled, which the
// fresh page then gets (carryOver). Noted any earlier, a tap on the search
// box during the pause would be missed, and what the reader typed next
// lost.
const MountGlobal = "nextstepsMount"

// LastInputGlobal is the window property in which boot.js keeps when the
// reader last touched, clicked, typed or scrolled (the event's timeStamp,
// on performance.now()'s clock), for as long as the page is open. The
// app's idle collection (cmd/nextsteps/collect_wasm.go) waits until the
// reader has been still for a while: the browser's idle periods come
// between two taps of a reader tapping away as readily as in a pause, and
// a collection in one holds up the next tap. It is a property, not a Go
// function called per event, so that the reader's events never enter the
// Go program for it.
const LastInputGlobal = "nextstepsLastInput"

// BootConstants is the app's Boot for the corpus c (its comparison's
// options; nil for none).
func BootConstants(c *content.Corpus) Boot {
	var b Boot
	b.Corpus.Global, b.Corpus.FilesGlobal = CorpusGlobal, CorpusFilesGlobal
	b.Mount, b.LastInput = MountGlobal, LastInputGlobal
	b.Warm.Script, b.Warm.Exec, b.Warm.Wasm = WarmScriptPath, "/wasm_exec.js", "/web/app.wasm"
	b.Warm.Env, b.Warm.Ready, b.Warm.Page, b.Warm.Drawn = WarmEnv, WarmReadyGlobal, WarmPageGlobal, WarmDrawnGlobal
	b.Warm.Module, b.Warm.Instance = CompiledModuleGlobal, InstanceGlobal
	b.Storage.Settings, b.Storage.Progress, b.Storage.Saved, b.Storage.Region = settingsKey, progressKey, savedKey, regionKey
	b.Storage.Questions = questionsKey
	b.StorageRefused = storageRefused
	b.Paths.Home, b.Paths.Help, b.Paths.Saved, b.Paths.Articles = content.HomePath, content.HelpPath, content.SavedPath, content.ArticlesPrefix
	b.Paths.Compare = content.ComparePath
	b.Compare.Key, b.Compare.Min, b.Compare.Max = content.CompareKey, content.CompareMin, content.CompareMax
	b.Compare.Topics = []string{}
	if c != nil && c.Compare != nil {
		b.Compare.Topics = c.Compare.Topics()
	}
	b.Paths.Questions = content.QuestionsPath
	b.IDs.Regions, b.IDs.EmergencyNumbers, b.IDs.RegionChoice = regionsID, emergencyNumbersID, regionChoiceID
	b.IDs.Loader = loaderID
	b.Classes.ChipRow, b.Classes.SavingCount = chipRowClass, savingCountClass
	b.Saved.Flag, b.Saved.Unsaved, b.Saved.Search, b.Saved.Event = savedFlag, unsavedFlag, unsavedSearchFlag, savedEvent
	b.ListKeys = listKeys
	b.Pending.List, b.Pending.Saved, b.Pending.Settings = pendingList, pendingSaved, pendingSettings
	b.Pending.Compare, b.Pending.Questions, b.Pending.Page = pendingCompare, pendingQuestions, pendingPage
	b.Progress.Started, b.Progress.Finished = progressStarted, progressFinished
	b.Progress.ContinueMax, b.Progress.ResumeFrom = continueMax, resumeFrom
	b.TextSize.Min, b.TextSize.Max = minTextSize, maxTextSize
	b.Themes = themes
	return b
}
