//go:build !wasm

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"strconv"
	"syscall"
	"text/tabwriter"
	"time"

	"nextsteps/content"
)

const usage = `usage:
  nextsteps serve [-addr :8000] [-web web] [-content DIR]
                                             serve the reader (with -content, the articles
                                             in DIR, reloaded after each edit)
  nextsteps build -out DIR [-web web] [-base /path]
                                             write the static site to DIR, to be served
                                             from /path (default: a domain root)
  nextsteps check [-report] [DIR]            validate the articles (embedded, or in DIR);
                                             -report adds words, reading time and sentence lengths
`

// run is the native entry point; it returns the process exit code.
func run(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serveCmd(args[1:])
	case "build":
		err = buildCmd(args[1:])
	case "check":
		return checkCmd(args[1:], os.Stdout, os.Stderr)
	case "-h", "-help", "--help", "help":
		fmt.Print(usage)
		return 0
	default:
		fmt.Fprintf(os.Stderr, "unknown command %q\n%s", args[0], usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "nextsteps:", err)
		return 1
	}
	return 0
}

func serveCmd(args []string) error {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fl.String("addr", ":8000", "address to listen on")
	web := fl.String("web", "web", "folder of static assets, with app.wasm")
	dir := fl.String("content", "", "serve the articles in this folder, not the ones built in, and reload them after each edit (make run: -content content)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var h http.Handler
	what := ""
	if *dir != "" {
		l, err := newLive(ctx, *dir, *web, os.Stderr)
		if err != nil {
			return err
		}
		h, what = l, "the articles in "+*dir+", reloaded after each edit"
	} else {
		s, err := newSite(*web, "")
		if err != nil {
			return err
		}
		h, what = newServer(s), "version "+s.version
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	log.Printf("Next Steps, %s: serving on http://%s", what, displayAddr(ln.Addr()))
	return serveUntil(ctx, ln, h)
}

// serveUntil serves until ctx ends (SIGINT or SIGTERM), then lets requests
// in flight finish. The timeouts keep slow or stalled clients from holding
// connections open.
func serveUntil(ctx context.Context, ln net.Listener, h http.Handler) error {
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      60 * time.Second, // app.wasm over a slow link
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Print("shutting down")
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func displayAddr(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok && t.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", t.Port)
	}
	return a.String()
}

func buildCmd(args []string) error {
	fl := flag.NewFlagSet("build", flag.ContinueOnError)
	out := fl.String("out", "", "folder to write the static site to (replaced)")
	web := fl.String("web", "web", "folder of static assets, with app.wasm")
	base := fl.String("base", "/", "URL path the site is served from, such as /next-steps for https://example.org/next-steps/ "+
		"(app.wasm must be built for it: make static BASE=/next-steps)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("build: -out DIR is required")
	}
	s, err := newSite(*web, *base)
	if err != nil {
		return err
	}
	n, err := writeSite(s, *out)
	if err != nil {
		return err
	}
	log.Printf("wrote %d files to %s (version %s)", n, *out, s.version)
	return nil
}

// checkClock is the date check judges review dates by; tests set it.
var checkClock = time.Now

// checkCmd validates the embedded corpus, or the one in dir, and prints
// every problem as file:line: message. Exit code 1 means problems. It also
// prints warnings, as file:line: warning: message, for reviews due within
// content.ReviewSoonDays days; they leave the exit code alone.
func checkCmd(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	report := fl.Bool("report", false, "print words, reading time and sentence lengths per article")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	// Messages name files as an editor sees them: content/articles/x.md.
	var fsys fs.FS = content.Files
	dir := "content"
	if fl.Arg(0) != "" {
		dir = fl.Arg(0)
		fsys = os.DirFS(dir)
	}
	today := checkClock()
	c, err := content.Load(fsys, content.Options{Today: today})
	if *report && c != nil {
		writeReport(stdout, c, dir)
	}
	var warnings content.Problems
	if c != nil {
		warnings = c.Warnings(today)
	}
	printWarnings(stderr, dir, warnings)
	if printProblems(stderr, "check", dir, err) {
		return 1
	}
	fmt.Fprintf(stdout, "check: ok, %d articles and %d topics in %s", len(c.Articles), len(c.Topics), dir)
	if len(warnings) > 0 {
		fmt.Fprintf(stdout, " (%d warning(s))", len(warnings))
	}
	fmt.Fprintln(stdout)
	return 0
}

// printWarnings prints warnings as printProblems prints problems, with
// "warning: " before each message: file:line: warning: message.
func printWarnings(stderr io.Writer, dir string, ws content.Problems) {
	for _, w := range ws {
		w.File = path.Join(dir, w.File)
		w.Msg = "warning: " + w.Msg
		fmt.Fprintln(stderr, w)
	}
}

// printProblems prints Load's error as check does, one file:line: message
// per problem with files named from dir, then a count. It reports whether
// there was anything to print.
func printProblems(stderr io.Writer, cmd, dir string, err error) bool {
	if err == nil {
		return false
	}
	var probs content.Problems
	if !errors.As(err, &probs) {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return true
	}
	for _, l := range problemLines(dir, err) {
		fmt.Fprintln(stderr, l)
	}
	fmt.Fprintf(stderr, "%s: %d problem(s) in %s\n", cmd, len(probs), dir)
	return true
}

// problemLines is Load's error as lines: file:line: message per problem,
// with files named from dir, or the error itself.
func problemLines(dir string, err error) []string {
	var probs content.Problems
	if !errors.As(err, &probs) {
		return []string{err.Error()}
	}
	lines := make([]string, len(probs))
	for i, p := range probs {
		p.File = path.Join(dir, p.File)
		lines[i] = p.String()
	}
	return lines
}

// writeAtomic replaces name with data: it writes a temporary file beside it
// and renames that into place, so readers see the old file or the new one,
// never a part.
func writeAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	return err
}

// writeReport prints the readability table of check -report: each
// article, then the comparison, which is held to content.MaxGrade.
func writeReport(w io.Writer, c *content.Corpus, dir string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "article\twords\tminutes\tsentences\taverage\tlongest\tat\tgrade\tSMOG")
	row := func(name, words, minutes string, r content.Readability, file string, limitGrade bool) {
		flag := ""
		if r.AverageSentence > content.MaxAverageSentence {
			flag += "  too long"
		}
		if limitGrade && r.Grade > content.MaxGrade {
			flag += "  too hard"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%.1f\t%d\t%s:%d\t%.1f\t%.1f%s\n", name, words, minutes, r.Sentences, r.AverageSentence, r.LongestSentence, path.Join(dir, file), r.LongestLine, r.Grade, r.SMOG, flag)
	}
	for _, a := range c.Articles {
		row(a.Slug, strconv.Itoa(a.Words), strconv.Itoa(a.ReadingMinutes()), a.Readability, a.File, false)
	}
	if c.Compare != nil {
		row("(comparison)", "-", "-", c.Compare.Readability, content.CompareFile, true)
	}
	tw.Flush()
	fmt.Fprintf(w, "average sentence: at most %.0f words; sources: at least %d per article\n", content.MaxAverageSentence, content.MinSources)
	fmt.Fprintf(w, "grade: Flesch–Kincaid school year; the comparison may need at most %.0f (decision aids aim at 8 or below)\n", content.MaxGrade)
}
