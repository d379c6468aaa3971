// Package detect finds contact details, payment accounts and meeting links in
// text, plain or disguised, with byte offsets into the original input.
//
// A Detector is safe for concurrent use. Scan looks at one text; a
// Conversation keeps a short window of a thread's earlier messages and finds
// identifiers split across them, reporting each on the message that
// completes it.
//
// How a scan works, in order:
//
//  1. The input is folded (package normalize): NFKC, zero-width and format
//     characters removed, look-alike letters and digits of any script folded
//     to ASCII. A cheap pass over the folded text notes digits, symbols and
//     keywords; detectors whose triggers are absent do no work.
//  2. Each detector runs on the folded view. Where the prefilter saw a
//     disguise, it runs again on the collapsed view (spaced letters joined,
//     spaces around '.', '@' and '/' removed) and on the spelled-out view
//     ("at", "dot", "arroba", "собака", "[.]" ... turned into symbols).
//     Findings that appear only in those views are marked Disguised.
//  3. Findings are mapped back to the original input, and overlapping
//     findings of one kind are merged, keeping the most confident.
package detect

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers/v2"
)

// DefaultMaxBytes is the largest input Scan accepts unless Options say
// otherwise: far above any chat message, job post or profile.
const DefaultMaxBytes = 1 << 20

// ErrTooLarge is returned for an input longer than the Detector's limit.
var ErrTooLarge = errors.New("detect: input too large")

// DefaultRegions are the regions tried for phone numbers written without a
// country code, in order, when the caller gives no hint: the countries most
// of a global freelance marketplace's users write from.
var DefaultRegions = []string{"US", "GB", "IN", "PK", "PH", "NG", "BR", "UA", "DE", "MX", "ID", "EG", "BD", "KE", "ZA", "AR", "CO", "ES", "FR", "IT", "PL", "TR", "RU", "VN", "AU", "CA", "RO", "MA", "PE", "CL", "VE", "EC", "GH"}

// Options configure a Detector. The zero value is ready to use.
type Options struct {
	// Regions are ISO 3166 region codes tried, in order, for phone numbers
	// written without a country code. Empty means DefaultRegions.
	Regions []string
	// Kinds restricts the scan to these kinds. Empty means every kind.
	Kinds []Kind
	// MaxBytes is the largest input accepted; 0 means DefaultMaxBytes.
	MaxBytes int
	// IntentRules are extra intent rule files (JSON, the format of
	// detect/rules and docs/intents.md), loaded after the built-in ones
	// (BuiltinIntentRules): they may extend a language's word classes,
	// add a language, add rules, replace a rule by reusing its id, or
	// switch rules off with "disable". New returns a *RuleError naming
	// the file and the rule for a bad file.
	IntentRules []RuleSource
	// PlatformNames are the marketplace's own names ("Acme", "acme.io"),
	// added to DefaultPlatformNames, so that "let's talk outside Acme" is
	// a request to leave and "pay through Acme" is not.
	PlatformNames []string
}

// Detector finds contact details in text. Create one with New.
type Detector struct {
	regions  []string
	kinds    map[Kind]bool
	need     uint16 // kindBit of every kind a scan looks for
	maxBytes int
	keywords *keywordSet
	intents  *intentSet
	scans    sync.Pool // *scan, reused across calls
	// platformHosts are the marketplace's own domains, whose links are no
	// findings.
	platformHosts []string
	version       string
}

// New returns a Detector for the options, or an error naming a bad option.
func New(opts Options) (*Detector, error) {
	d := &Detector{maxBytes: opts.MaxBytes, kinds: map[Kind]bool{}}
	if d.maxBytes <= 0 {
		d.maxBytes = DefaultMaxBytes
	}
	regions := opts.Regions
	if len(regions) == 0 {
		regions = DefaultRegions
	}
	supported := phonenumbers.GetSupportedRegions()
	for _, r := range regions {
		r = strings.ToUpper(strings.TrimSpace(r))
		if !supported[r] {
			return nil, fmt.Errorf("detect: unknown phone region %q", r)
		}
		d.regions = append(d.regions, r)
	}
	for _, k := range opts.Kinds {
		if _, ok := ParseKind(string(k)); !ok {
			return nil, fmt.Errorf("detect: unknown kind %q", k)
		}
		d.kinds[k] = true
	}
	if len(d.kinds) == 0 {
		for _, k := range AllKinds {
			d.kinds[k] = true
		}
	}
	for k := range d.kinds {
		d.need |= kindBit(k)
		if kindBit(k)&identifierMask != 0 {
			d.need |= identifierMask
		}
	}
	d.platformHosts = append([]string(nil), defaultPlatformHosts...)
	for _, n := range opts.PlatformNames {
		if h := platformHost(n); h != "" {
			d.platformHosts = append(d.platformHosts, h)
		}
	}
	intents, err := builtinIntents()
	if len(opts.IntentRules) > 0 || len(opts.PlatformNames) > 0 {
		intents, err = compileIntents(append(BuiltinIntentRules(), opts.IntentRules...),
			append(append([]string(nil), DefaultPlatformNames...), opts.PlatformNames...))
	}
	if err != nil {
		return nil, fmt.Errorf("detect: %w", err)
	}
	d.intents = intents
	d.version = detectorVersion(d, opts)
	keywords := maps.Clone(builtinKeywords.words)
	for _, w := range intents.anchors { // an operator's words join the prefilter
		keywords[w] |= kwIntent
	}
	d.keywords = newKeywordSet(keywords)
	return d, nil
}

// Scan returns the findings in text, ordered by Start then Kind. It returns
// ErrTooLarge for an input over the Detector's limit.
func (d *Detector) Scan(text string) ([]Finding, error) {
	if len(text) > d.maxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(text), d.maxBytes)
	}
	s := newScan(d, text, nil)
	out := s.run()
	s.release()
	return out, nil
}

// wants reports whether a scan must look for kind k: a kind the Detector
// reports, or an identifier kind that another reported kind depends on (a
// payment account can be a PayPal email or a GCash phone; a url inside an
// email is no url of its own).
func (d *Detector) wants(k Kind) bool { return d.need&kindBit(k) != 0 }

// kindBit returns the bit of k in a kind mask: bit i for the kind at
// index i of AllKinds. Every finding asks, so it is a switch rather than
// a search of the list (TestKindBitFollowsAllKinds keeps them in step).
func kindBit(k Kind) uint16 {
	switch k {
	case Email:
		return 1 << 0
	case Phone:
		return 1 << 1
	case Handle:
		return 1 << 2
	case MeetingLink:
		return 1 << 3
	case PaymentAccount:
		return 1 << 4
	case URL:
		return 1 << 5
	case ContactRequest:
		return 1 << 6
	case MeetingRequest:
		return 1 << 7
	case PaymentRequest:
		return 1 << 8
	}
	return 0
}

// platformHost returns the lower-case domain a platform name names
// ("acme.io", "https://www.acme.io/"), or "" for a plain name ("Acme").
func platformHost(name string) string {
	h := strings.ToLower(strings.TrimSpace(name))
	h = strings.TrimPrefix(strings.TrimPrefix(h, "https://"), "http://")
	h = strings.TrimPrefix(h, "www.")
	if i := strings.IndexByte(h, '/'); i >= 0 {
		h = h[:i]
	}
	if !strings.Contains(h, ".") || strings.ContainsAny(h, " \t") {
		return ""
	}
	return h
}

// identifierMask has the bits of the identifier kinds.
var identifierMask = func() uint16 {
	var m uint16
	for _, k := range IdentifierKinds {
		m |= kindBit(k)
	}
	return m
}()

// sortFindings orders findings by Start, then End, then Kind, then the
// rest of their fields, so that the order is always the same.
func sortFindings(fs []Finding) {
	if len(fs) < 2 {
		return
	}
	slices.SortFunc(fs, func(a, b Finding) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		if c := cmp.Compare(a.End, b.End); c != 0 {
			return c
		}
		if c := strings.Compare(string(a.Kind), string(b.Kind)); c != 0 {
			return c
		}
		// Ties broken on everything else, so that which of two
		// findings of one span merge keeps never depends on the order
		// the detectors found them in.
		if c := cmp.Compare(b.Confidence, a.Confidence); c != 0 {
			return c
		}
		if c := strings.Compare(a.Rule, b.Rule); c != 0 {
			return c
		}
		if a.Disguised != b.Disguised {
			if a.Disguised {
				return 1
			}
			return -1
		}
		return strings.Compare(a.Value, b.Value)
	})
}
