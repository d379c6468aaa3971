package web

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"
)

// Options are a Server's limits. New uses DefaultOptions; NewServer fills
// each zero field with its default, so a caller sets only what it
// changes, and NoLimit turns a rate limit off.
type Options struct {
	// Login limits login attempts per client IP and, apart, per email
	// (so that neither many emails from one address nor many addresses on
	// one email guess passwords quickly).
	Login Rate
	// Signup limits sign-ups per client IP.
	Signup Rate
	// Write limits, per user, the writes of text and the other creates:
	// messages and edits, job posts, profiles, company names, proposals,
	// contracts, reviews, appeals, threads and draft checks.
	Write Rate
	// Anonymous limits, per client IP, the engine endpoints /v1/scan and
	// /v1/check, which need no login.
	Anonymous Rate
	// MaxKeys bounds the buckets each rate limit keeps; beyond it the
	// least recently used bucket is forgotten (a full bucket, idle long
	// enough to refill, is forgotten first: it holds nothing).
	MaxKeys int
	// TrustProxy takes the client IP from the last address of
	// X-Forwarded-For, which the reverse proxy in front of the server
	// appends; without it the connection's address is the client's, and
	// X-Forwarded-For, which anyone can send, is ignored. Set it only
	// behind a proxy that appends the header.
	TrustProxy bool

	// RequestTimeout is the deadline of a request's context (live
	// streams excluded): a request still waiting on the database then
	// answers 503.
	RequestTimeout time.Duration

	// StreamMaxDuration ends a live event stream; the client reconnects.
	StreamMaxDuration time.Duration
	// StreamHeartbeat is how often an idle stream sends a comment, so
	// that proxies and clients see it alive.
	StreamHeartbeat time.Duration
	// MaxStreamsPerUser and MaxStreams bound the live streams open at
	// once for one user and for the server (429 beyond).
	MaxStreamsPerUser int
	MaxStreams        int

	// Now is the clock of the rate limits; nil means time.Now.
	Now func() time.Time
}

// Rate is a token bucket: Burst requests at once, refilled at N requests
// per Per. The zero Rate means the default; NoLimit means no limit.
type Rate struct {
	N     int
	Per   time.Duration
	Burst int // 0 means N
}

// NoLimit is a Rate that never limits.
var NoLimit = Rate{N: -1}

func (r Rate) unlimited() bool { return r.N < 0 }

// String says the rate as the README does: "60/min, burst 20".
func (r Rate) String() string {
	if r.unlimited() {
		return "no limit"
	}
	per := r.Per.String()
	switch r.Per {
	case time.Second:
		per = "s"
	case time.Minute:
		per = "min"
	case time.Hour:
		per = "h"
	}
	return fmt.Sprintf("%d/%s, burst %d", r.N, per, r.burst())
}

// ParseRate reads a Rate as a flag gives it: "off" (NoLimit), "N/unit"
// with unit s, min or h, optionally followed by ",B" or ", burst B" for the
// burst: "60/min,20", "10/min", "20/h, burst 10". It reads what String
// writes.
func ParseRate(s string) (Rate, error) {
	s = strings.TrimSpace(s)
	if s == "off" || s == "no limit" {
		return NoLimit, nil
	}
	bad := fmt.Errorf("rate %q: want N/s, N/min or N/h, optionally with \",BURST\", or off", s)
	spec, burst, hasBurst := strings.Cut(s, ",")
	n, unit, ok := strings.Cut(strings.TrimSpace(spec), "/")
	if !ok {
		return Rate{}, bad
	}
	var r Rate
	if _, err := fmt.Sscan(n, &r.N); err != nil || r.N <= 0 || strings.ContainsAny(n, " +-.") {
		return Rate{}, bad
	}
	switch strings.TrimSpace(unit) {
	case "s", "sec":
		r.Per = time.Second
	case "min", "m":
		r.Per = time.Minute
	case "h", "hour":
		r.Per = time.Hour
	default:
		return Rate{}, bad
	}
	if hasBurst {
		b := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(burst), "burst"))
		if _, err := fmt.Sscan(b, &r.Burst); err != nil || r.Burst <= 0 || strings.ContainsAny(b, " +-.") {
			return Rate{}, bad
		}
	}
	return r, nil
}

func (r Rate) burst() int {
	if r.Burst > 0 {
		return r.Burst
	}
	return r.N
}

// DefaultOptions returns the limits New uses; they suit one marketplace
// server of people typing, not a batch client.
func DefaultOptions() Options {
	return Options{
		Login:             Rate{N: 10, Per: time.Minute},
		Signup:            Rate{N: 20, Per: time.Hour, Burst: 10},
		Write:             Rate{N: 60, Per: time.Minute, Burst: 20},
		Anonymous:         Rate{N: 600, Per: time.Minute, Burst: 100},
		MaxKeys:           100_000,
		RequestTimeout:    10 * time.Second,
		StreamMaxDuration: 5 * time.Minute,
		StreamHeartbeat:   15 * time.Second,
		MaxStreamsPerUser: 5,
		MaxStreams:        1000,
	}
}

// withDefaults returns o with each zero field set to its default.
func (o Options) withDefaults() Options {
	d := DefaultOptions()
	rate := func(r *Rate, def Rate) {
		if *r == (Rate{}) {
			*r = def
		}
		if !r.unlimited() && (r.N == 0 || r.Per <= 0) {
			*r = def // a half-set rate: take the default rather than divide by zero
		}
	}
	rate(&o.Login, d.Login)
	rate(&o.Signup, d.Signup)
	rate(&o.Write, d.Write)
	rate(&o.Anonymous, d.Anonymous)
	if o.MaxKeys <= 0 {
		o.MaxKeys = d.MaxKeys
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = d.RequestTimeout
	}
	if o.StreamMaxDuration <= 0 {
		o.StreamMaxDuration = d.StreamMaxDuration
	}
	if o.StreamHeartbeat <= 0 {
		o.StreamHeartbeat = d.StreamHeartbeat
	}
	if o.MaxStreamsPerUser <= 0 {
		o.MaxStreamsPerUser = d.MaxStreamsPerUser
	}
	if o.MaxStreams <= 0 {
		o.MaxStreams = d.MaxStreams
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// clientIP returns the key the per-IP limits count r under: the
// connection's address, or with trustProxy the last address of
// X-Forwarded-For. An IPv6 address counts as its /64, which one host
// usually has whole.
func clientIP(r *http.Request, trustProxy bool) string {
	addr := remoteIP(r.RemoteAddr)
	if trustProxy {
		if hops := r.Header.Values("X-Forwarded-For"); len(hops) > 0 {
			last := hops[len(hops)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if a, err := netip.ParseAddr(strings.TrimSpace(last)); err == nil {
				addr = a
			}
		}
	}
	if !addr.IsValid() {
		return r.RemoteAddr
	}
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

// remoteIP parses a RemoteAddr, "host:port" or a bare address.
func remoteIP(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, _ := netip.ParseAddr(host)
	return a
}
