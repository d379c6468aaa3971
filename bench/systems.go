package main

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/chaperone-dev/chaperone/detect"
	"github.com/nyaruka/phonenumbers/v2"
	"mvdan.cc/xurls/v2"
)

// pipelineRegions are the regions the Go pipeline tries for numbers
// written without a country code: the ten of shared/external/README.md.
var pipelineRegions = []string{"US", "GB", "IN", "PK", "PH", "NG", "BR", "UA", "DE", "MX"}

// goPipeline is what a Go engineer would assemble from the two best-known
// libraries: xurls' Relaxed pattern for links and emails, and
// libphonenumber's matcher (FindNumbers, leniency VALID) once per region.
type goPipeline struct {
	links interface {
		FindAllStringIndex(string, int) [][]int
	}
}

func newGoPipeline() *goPipeline { return &goPipeline{links: xurls.Relaxed()} }

// Scan returns one finding per match, with its kind, span and text.
func (p *goPipeline) Scan(text string) []detect.Finding {
	var out []detect.Finding
	for _, m := range p.links.FindAllStringIndex(text, -1) {
		s := text[m[0]:m[1]]
		out = append(out, detect.Finding{Kind: classifyLink(s), Start: m[0], End: m[1], Text: s})
	}
	seen := map[[2]int]bool{}
	for _, region := range pipelineRegions {
		for m := range phonenumbers.FindNumbers(text, region) {
			span := [2]int{m.Start(), m.End()}
			if seen[span] {
				continue
			}
			seen[span] = true
			out = append(out, detect.Finding{Kind: detect.Phone, Start: m.Start(), End: m.End(), Text: m.RawString()})
		}
	}
	return out
}

// Hosts the two library pipelines classify by, so that they are scored on
// the same kinds as Chaperone; docs/benchmarks.md lists them.
var (
	meetingHosts = []string{"zoom.us", "meet.google.com", "calendly.com", "teams.microsoft.com", "teams.live.com", "whereby.com", "meet.jit.si", "webex.com"}
	handleHosts  = []string{"wa.me", "t.me", "telegram.me", "linkedin.com", "instagram.com", "facebook.com", "fb.com", "m.me", "twitter.com", "x.com", "discord.gg", "discord.com", "skype.com", "snapchat.com", "tiktok.com"}
	paymentHosts = []string{"paypal.me", "paypal.com", "venmo.com", "cash.app"}
)

// classifyLink names the kind of a link matcher's match: an email when it
// has an '@' and no scheme (or mailto:), else by host.
func classifyLink(s string) detect.Kind {
	low := strings.ToLower(s)
	if strings.HasPrefix(low, "mailto:") || (strings.Contains(low, "@") && !strings.Contains(low, "://")) {
		return detect.Email
	}
	return detect.Kind(hostKind(low))
}

// hostKind classifies a lower-case link by its host.
func hostKind(low string) string {
	u := low
	if !strings.Contains(u, "://") {
		u = "http://" + u
	}
	host := ""
	if pu, err := url.Parse(u); err == nil {
		host = pu.Hostname()
	}
	host = strings.TrimPrefix(host, "www.")
	for _, group := range []struct {
		kind  string
		hosts []string
	}{{"meeting_link", meetingHosts}, {"handle", handleHosts}, {"payment_account", paymentHosts}} {
		for _, h := range group.hosts {
			if host == h || strings.HasSuffix(host, "."+h) {
				return group.kind
			}
		}
	}
	return "url"
}

// system is one detector under comparison, scanning one message at a time.
type system interface {
	Scan(text string) []detect.Finding
}

// chaperone scans each message alone.
type chaperone struct{ d *detect.Detector }

func (c chaperone) Scan(text string) []detect.Finding {
	fs, _ := c.d.Scan(text)
	return fs
}

// chaperoneThreads scans each message as the next of its thread.
type chaperoneThreads struct {
	d     *detect.Detector
	convs map[string]*detect.Conversation
}

func (c *chaperoneThreads) scanIn(thread, text string) []detect.Finding {
	cv := c.convs[thread]
	if cv == nil {
		cv = c.d.NewConversation()
		c.convs[thread] = cv
	}
	fs, _ := cv.Scan(text)
	return fs
}

// newDetector returns Chaperone's detector as the CLI builds it by
// default: every kind, the default regions.
func newDetector() *detect.Detector {
	d, err := detect.New(detect.Options{})
	if err != nil {
		panic(fmt.Sprintf("detect.New: %v", err)) // no options: cannot fail
	}
	return d
}
