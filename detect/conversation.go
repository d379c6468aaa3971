package detect

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Conversation window limits: identifiers split over messages are found
// when the pieces arrive within this many messages and bytes.
const (
	// WindowMessages is how many earlier messages of a thread are kept.
	WindowMessages = 4
	// WindowBytes is how many trailing bytes of each earlier message are
	// kept.
	WindowBytes = 512
)

// Conversation scans the messages of one thread in order, finding
// identifiers split across consecutive messages ("+1 (312) 555" then
// "0148"). Such a finding is reported on the message that completes it: its
// Start and End cover the part in that message, its Value is the whole.
// A Conversation is not safe for concurrent use.
type Conversation struct {
	d    *Detector
	prev []string
	// intents holds, for each message of prev, its intent findings with
	// offsets into that message, so that an identifier arriving later
	// can point at the request it answers.
	intents [][]Finding
}

// NewConversation returns an empty Conversation using d.
func (d *Detector) NewConversation() *Conversation {
	return &Conversation{d: d}
}

// Scan returns the findings of the next message of the thread, given the
// earlier ones, and remembers the message. Offsets are into text.
func (c *Conversation) Scan(text string) ([]Finding, error) {
	if len(text) > c.d.maxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(text), c.d.maxBytes)
	}
	var b strings.Builder
	starts := make([]int, 0, len(c.prev)+1)
	for _, p := range c.prev {
		starts = append(starts, b.Len())
		b.WriteString(p)
		b.WriteByte('\n')
	}
	starts = append(starts, b.Len())
	b.WriteString(text)
	s := newScan(c.d, b.String(), starts)
	out := s.run()
	s.release()
	linkEarlier(out, c.intents)
	c.remember(text, out)
	return out, nil
}

// Reset forgets the earlier messages.
func (c *Conversation) Reset() {
	c.prev = c.prev[:0]
	c.intents = c.intents[:0]
}

// remember keeps the tail of text and its intent findings.
func (c *Conversation) remember(text string, out []Finding) {
	var intents []Finding
	for _, f := range out {
		if isIntent(f.Kind) {
			f.Ref = nil
			intents = append(intents, f)
		}
	}
	c.intents = append(c.intents, intents)
	if len(c.intents) > WindowMessages {
		c.intents = c.intents[len(c.intents)-WindowMessages:]
	}
	if len(text) > WindowBytes {
		cut := len(text) - WindowBytes
		for cut < len(text) && !utf8.RuneStart(text[cut]) {
			cut++
		}
		text = text[cut:]
	}
	c.prev = append(c.prev, text)
	if len(c.prev) > WindowMessages {
		c.prev = c.prev[len(c.prev)-WindowMessages:]
	}
}
