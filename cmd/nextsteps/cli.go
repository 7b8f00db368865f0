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
	"syscall"
	"text/tabwriter"
	"time"

	"nextsteps/content"
)

const usage = `usage:
  nextsteps serve [-addr :8000] [-web web]   serve the reader
  nextsteps build -out DIR [-web web]        write the static site to DIR
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
	if err := fl.Parse(args); err != nil {
		return err
	}
	s, err := newSite(*web)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log.Printf("Next Steps %s: serving on http://%s", s.version, displayAddr(ln.Addr()))
	return serveUntil(ctx, ln, newServer(s))
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
	base := fl.String("base", "/", "URL path the site is served from; only / is supported")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("build: -out DIR is required")
	}
	if *base != "/" && *base != "" {
		return fmt.Errorf("build: -base %q: hosting under a sub-path is not supported. go-app v10 loses the prefix on in-app links, "+
			"and the service worker cannot launch offline there. Serve the site at a domain root: a custom domain, "+
			"a user or organisation site (https://NAME.github.io/), or a subdomain", *base)
	}
	s, err := newSite(*web)
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

// checkCmd validates the embedded corpus, or the one in dir, and prints
// every problem as file:line: message. Exit code 1 means problems.
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
	c, err := content.Load(fsys, content.Options{Today: time.Now()})
	if *report && c != nil {
		writeReport(stdout, c, dir)
	}
	var probs content.Problems
	if errors.As(err, &probs) {
		for _, p := range probs {
			p.File = path.Join(dir, p.File)
			fmt.Fprintln(stderr, p)
		}
		fmt.Fprintf(stderr, "check: %d problem(s) in %s\n", len(probs), dir)
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "check: ok, %d articles and %d topics in %s\n", len(c.Articles), len(c.Topics), dir)
	return 0
}

// writeReport prints the readability table of check -report.
func writeReport(w io.Writer, c *content.Corpus, dir string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "article\twords\tminutes\tsentences\taverage\tlongest\tat")
	for _, a := range c.Articles {
		r := a.Readability
		flag := ""
		if r.AverageSentence > content.MaxAverageSentence {
			flag = "  too long"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.1f\t%d\t%s:%d%s\n", a.Slug, a.Words, a.ReadingMinutes(), r.Sentences, r.AverageSentence, r.LongestSentence, path.Join(dir, a.File), r.LongestLine, flag)
	}
	tw.Flush()
	fmt.Fprintf(w, "average sentence: at most %.0f words; sources: at least %d per article\n", content.MaxAverageSentence, content.MinSources)
}
