# Next Steps: `make run` serves the reader, `make test` runs every test.
# Both work on a fresh Debian machine with Go: what else they need
# (Chromium, Firefox and WebKitGTK for the browser tests) is installed here,
# never by hand.

GO       ?= go
PORT     ?= 8000
WASM     := web/app.wasm
BIN      := bin/nextsteps
# -s -w drop debug symbols: the wasm is what readers download. The app never
# encrypts, so go-app's Encrypt and Decrypt stay out (goapp_nocrypto, see
# cmd/trimgoapp/crypto.go): then app.wasm links no crypto package at all.
WASMFLAGS := -trimpath -ldflags="-s -w" -tags goapp_nocrypto
# Every go command builds against one copy of go-app with our small edits
# (cmd/trimgoapp): app.wasm, the server, the static build, the tests and vet.
GOAPP    := .cache/goapp
MOD      := -modfile $(GOAPP)/nextsteps.mod
# app.wasm is linked by Go's own linker with one edit (cmd/wasmlink): its
# data section is not cut into 82,815 segments, which made it 7.5% larger
# compressed. The go command runs that linker through the wrapper.
WASMLINK := .cache/wasmlink
# BASE is the path the static site is served from: empty for a domain root,
# /REPO for a GitHub Pages project site (https://NAME.github.io/REPO/).
# make static BASE=/next-steps builds dist/ for it (app.wasm is the same for every base).
BASE     ?=

.PHONY: run static check test goapp wasmlink wasm server chromium engines gcc vet screenshots fuzz load bench clean

## run: build everything and serve on http://localhost:$(PORT)
run: wasm server
	$(BIN) serve -addr :$(PORT) -content content

## static: write the complete static site to dist/ (BASE=/path to serve it from /path/)
static: wasm server
	$(BIN) check
	$(BIN) build -base "$(BASE)" -out dist

## check: validate the articles (file:line: problem, exit 1)
check: goapp
	$(GO) run $(MOD) ./cmd/nextsteps check

## goapp: write go-app with our edits to $(GOAPP) (from the module cache; quick)
goapp:
	$(GO) run ./cmd/trimgoapp -out $(GOAPP)

## wasm: build app.wasm (the Go build cache makes an unchanged build quick);
## go-app's copy leaves net/http out of it (cmd/trimgoapp: a fifth smaller).
## It holds no articles: they are data, served beside it (content.CorpusPath),
## so it is the same for every library and every BASE.
wasm: goapp wasmlink
	GOOS=js GOARCH=wasm $(GO) build $(MOD) $(WASMFLAGS) -toolexec "$(CURDIR)/$(WASMLINK)/toolexec" -o $(WASM) ./cmd/nextsteps

## wasmlink: build Go's linker with our edit to $(WASMLINK) (from the toolchain's source; quick once built)
wasmlink:
	$(GO) run ./cmd/wasmlink -out $(WASMLINK)

server: goapp
	$(GO) build $(MOD) -o $(BIN) ./cmd/nextsteps

## test: formatting, vet (native and wasm), the content check, unit, server and browser tests, a short fuzz
## The short fuzz counts runs, not seconds: a -fuzztime in seconds races Go's fuzzing coordinator
## at its deadline ("context deadline exceeded" with no failing input, golang/go#51484), and a
## minimization left at its 60 s default spent whole runs on one input instead of fuzzing.
## The app, server and browser tests run under the race detector; the load test, whose
## throughput and heap figures mean nothing under it, runs on its own without.
test: wasm chromium engines gcc vet
	$(GO) run $(MOD) ./cmd/nextsteps check
	$(GO) test $(MOD) -count=1 -timeout 30m ./content ./cmd/trimgoapp ./cmd/wasmlink
	CGO_ENABLED=1 $(GO) test $(MOD) -race -count=1 -timeout 60m -skip '^TestLoad$$' ./app ./cmd/nextsteps
	$(GO) test $(MOD) -count=1 -timeout 10m -run '^TestLoad$$' ./cmd/nextsteps
	$(GO) test $(MOD) ./content -run '^$$' -fuzz FuzzLoad -fuzztime 50000x -fuzzminimizetime 200x
	$(GO) test $(MOD) ./app -run '^$$' -fuzz FuzzTitleSummary -fuzztime 30000x -fuzzminimizetime 200x

vet: goapp
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet $(MOD) ./...
	GOOS=js GOARCH=wasm $(GO) vet $(MOD) ./app ./cmd/nextsteps ./content
	GOOS=js GOARCH=wasm $(GO) vet $(MOD) -tags goapp_nocrypto ./app ./cmd/nextsteps ./content

## chromium: install Debian's Chromium for the browser tests when missing (as root)
chromium:
	@if command -v chromium >/dev/null 2>&1 || [ -n "$$CHROMIUM" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "Chromium is needed for the browser tests: install the chromium package (or set CHROMIUM=/path)"; exit 1; \
	fi

## gcc: install the C compiler the race detector links with when missing (as root)
gcc:
	@if command -v gcc >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing gcc with apt-get (go test -race needs cgo)"; \
	  $(APT) update && $(APT) install -y gcc >/dev/null; \
	else \
	  echo "go test -race needs a C compiler: install the gcc package"; exit 1; \
	fi

## engines: install what the Firefox and WebKit smoke tests need when missing (as root):
## firefox-esr (it serves WebDriver BiDi itself), webkit2gtk-driver (WebKitWebDriver; its
## libwebkit2gtk-4.1-0 dependency ships MiniBrowser) and xvfb (WebKitGTK needs a display).
## apt-get waits up to 5 minutes for a lock another install holds, and is retried.
APT := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -qq
engines:
	@missing=""; \
	command -v firefox-esr >/dev/null 2>&1 || [ -n "$$FIREFOX" ] || missing="$$missing firefox-esr"; \
	{ command -v WebKitWebDriver >/dev/null 2>&1 && ls /usr/lib/*/webkit2gtk-4.1/MiniBrowser >/dev/null 2>&1; } || missing="$$missing webkit2gtk-driver"; \
	command -v Xvfb >/dev/null 2>&1 || missing="$$missing xvfb"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then \
	  echo "The Firefox and WebKit tests need:$$missing (install these Debian packages)"; exit 1; fi; \
	echo "installing$$missing with apt-get"; \
	for try in 1 2 3 4 5; do \
	  $(APT) update && $(APT) install -y $$missing >/dev/null && exit 0; \
	  echo "apt-get failed (another install may hold its lock): retrying in 30 s"; sleep 30; \
	done; exit 1

## screenshots: refresh the README's screenshots in docs/screenshots
screenshots: wasm chromium
	SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test $(MOD) -count=1 -run 'TestScreenshots|TestComparePhone|TestSettingsBeforeFirstPaint|TestResumeReading|TestShareAndPrint|TestSearch|TestSaveFromList|TestQuestions$$|TestQuestionsPrint' ./cmd/nextsteps

## fuzz: fuzz the article pipeline for FUZZTIME (default 5m); make test runs the seeds
FUZZTIME ?= 5m
fuzz: goapp
	$(GO) test $(MOD) ./content -run '^$$' -fuzz FuzzLoad -fuzztime $(FUZZTIME)

## load: only the loopback load test (60 s; LOAD_SECONDS=300 make load for longer), with its figures
load: wasm
	$(GO) test $(MOD) -count=1 -run TestLoad -v ./cmd/nextsteps

## bench: sizes, first-visit timings, a correction's bytes, scaling to 10,000 articles, Lighthouse, load and serve vs nginx; writes BENCHMARKS.md
BENCH_TOOLS := .cache/bench
bench: wasm chromium engines
	@if [ ! -f $(BENCH_TOOLS)/node_modules/lighthouse/cli/index.js ]; then \
	  mkdir -p $(BENCH_TOOLS) && npm install --no-audit --no-fund --prefix $(BENCH_TOOLS) node@22 lighthouse@13; fi
	@# nginx, to compare serve with a real static server side by side
	@if ! command -v nginx >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing nginx-light with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; fi
	$(GO) test $(MOD) -tags bench -run 'TestBench$$' -timeout 120m -v ./cmd/nextsteps

clean:
	rm -rf bin dist $(WASM)
