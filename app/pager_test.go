//go:build !wasm

package app

// Paging tests build a synthetic corpus with content.Load, which exists
// natively only (the wasm reads the bundle).

import (
	"net/url"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

func TestShownCount(t *testing.T) {
	cases := []struct {
		query string
		want  int
	}{
		{"", listPage},
		{"show=", listPage},
		{"show=abc", listPage},
		{"show=-5", listPage},
		{"show=1", listPage},
		{"show=50", 50},
		{"show=51", 75}, // whole pages
		{"show=100", 100},
		{"show=99999999999999999999", listPage}, // unreadable
		{"show=9999999", 1 << 20},               // capped, a whole number of pages
	}
	for _, tc := range cases {
		u, _ := url.Parse("/?" + tc.query)
		got := shownCount(u, listPage)
		if tc.want == 1<<20 {
			tc.want = (1<<20 + listPage - 1) / listPage * listPage
		}
		if got != tc.want {
			t.Errorf("%q: %d, want %d", tc.query, got, tc.want)
		}
	}
	// A search's results come in pages of their own size.
	for query, want := range map[string]int{"": searchPage, "show=10": 10, "show=11": 20, "show=50": 50} {
		if got := shownCount(mustURL("/?"+query), searchPage); got != want {
			t.Errorf("%q, search: %d, want %d", query, got, want)
		}
	}
	u, _ := url.Parse("/?q=x+y&topic=tms&show=50")
	if got := withShown(u, 100).RequestURI(); got != "/?topic=tms&q=x+y&show=100" {
		t.Errorf("withShown: %s", got)
	}
}

// TestLongListsArePaged: with more articles than a page holds, lists show
// one page and a real link to the next, on the server as in the app.
func TestLongListsArePaged(t *testing.T) {
	fsys, err := content.Synthetic(120)
	if err != nil {
		t.Fatal(err)
	}
	big, err := content.Load(fsys, content.Options{})
	if err != nil {
		t.Fatal(err)
	}

	topic := big.Articles[0].Topics[0]
	inTopic := len(big.Filter([]string{topic}))
	cases := []struct {
		page      app.UI
		cards     int
		more      string // the next page's link, "" for none
		moreLabel string
	}{
		{&home{corpus: big}, 25, `href="/?show=50"`, "Show 25 more"},
		{&home{corpus: big, pager: pager{show: 100}, url: mustURL("/?show=100")}, 100, `href="/?show=125"`, "Show 20 more"},
		{&home{corpus: big, pager: pager{show: 150}, url: mustURL("/?show=150")}, 120, "", ""},
		// A search's results, ten at a time; one letter is no search.
		{homeAt(big, "/?q=treatment"), searchPage, `href="/?q=treatment&amp;show=20"`, "Show 10 more"},
		{homeAt(big, "/?q=treatment&show=20"), 2 * searchPage, `href="/?q=treatment&amp;show=30"`, "Show 10 more"},
		{homeAt(big, "/?q=t"), 25, `href="/?q=t&amp;show=50"`, "Show 25 more"},
	}
	// A topic page is paged too.
	topicMore := ""
	if inTopic > listPage {
		topicMore = `href="/topics/` + topic + `?show=50"`
	}
	cases = append(cases, struct {
		page      app.UI
		cards     int
		more      string
		moreLabel string
	}{&topicPage{corpus: big, topic: big.Topic(topic), url: mustURL("/topics/" + topic)}, min(inTopic, listPage), topicMore, "more"})
	for i, tc := range cases {
		html := app.HTMLString(tc.page)
		if n := strings.Count(html, `<li class="card">`); n != tc.cards {
			t.Errorf("case %d: %d cards, want %d", i, n, tc.cards)
		}
		if tc.more == "" {
			if strings.Contains(html, `class="more"`) {
				t.Errorf("case %d: a Show more link on a complete list", i)
			}
			continue
		}
		if !strings.Contains(html, tc.more) || !strings.Contains(html, tc.moreLabel) {
			t.Errorf("case %d: no %s (%q)", i, tc.more, tc.moreLabel)
		}
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
