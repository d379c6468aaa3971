package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The synthetic stream models a marketplace's message traffic: mostly
// ordinary work chat with the numbers such chat is full of (prices, dates,
// times, versions, invoice numbers, hours), some long proposals and job
// posts, and in a few messages a contact detail, plain or disguised. It is
// generated from a seed, so every run and every machine scans the same
// bytes, and every message carries the kinds a correct detector reports,
// so a sample of it is scored like the labelled sets.

// synthMessage is one generated message with its label.
type synthMessage struct {
	ID     string   `json:"id"`
	Thread string   `json:"thread,omitempty"`
	Text   string   `json:"text"`
	Kinds  []string `json:"kinds"`
	AlsoOK []string `json:"also_ok"`
	Lang   string   `json:"lang"`
	Note   string   `json:"note,omitempty"`
}

// Shares of the stream, per 1,000 messages.
const (
	plainContactPerMille     = 15 // an email, phone number or link as typed
	disguisedContactPerMille = 8  // spelled out, spaced, number words, handles
	longMessagePerMille      = 20 // proposals and job posts, 0.6 to 5 KB
)

var (
	synthNames    = []string{"ana", "ravi", "mei", "carl", "erin", "olga", "javier", "fatima", "kwame", "sofia", "li", "omar", "priya", "tomasz", "yusuf", "chloe"}
	synthSurnames = []string{"lima", "patel", "chen", "novak", "okafor", "garcia", "khan", "silva", "kowalski", "nguyen", "smith", "rossi"}
	synthDomains  = []string{"gmail.com", "outlook.com", "yahoo.com", "proton.me", "hotmail.com", "icloud.com"}
	synthTools    = []string{"Figma", "React", "Webflow", "Django", "Flutter", "Shopify", "Python 3.12", "Node 20", "Postgres 16", "Tailwind", "Next.js 14", "Laravel", "WordPress", "Kotlin", "Swift", "Go 1.22"}
	synthThings   = []string{"onboarding flow", "checkout page", "dashboard", "landing page", "API", "admin panel", "mobile app", "logo", "pitch deck", "data pipeline", "test suite", "invoice template", "pricing page", "search feature", "email templates"}
	synthDays     = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "tomorrow", "next week", "the weekend"}
	synthChat     = []string{
		"Hi {name}, thanks for the invite! I've read the brief and have a few questions about the {thing}.",
		"How many screens does the {thing} have, roughly?",
		"About {n} screens, plus the settings pages.",
		"Do you already have a design system, or should I start one in {tool}?",
		"Sounds good. What's your availability {day}?",
		"I'm free {day}, about {n} hours in total.",
		"Perfect. I'll send the offer this afternoon.",
		"Offer accepted, thank you! Starting with the {thing} today.",
		"Quick update: the {thing} is done, I found {n} issues to fix.",
		"Budget for phase two is ${price} over {n} weeks, starting {date}.",
		"Invoice {invoice} is attached for your records.",
		"Milestone {n} approved and paid. Thanks for the fast turnaround!",
		"Can we move the deadline to {date}? The {thing} needs one more review.",
		"I pushed version {version} of the {thing}, please check it before {time}.",
		"The build takes {n} minutes on CI; I'll try caching the dependencies.",
		"We use {tool} and {tool} for the front end.",
		"Order #{order} shipped, tracking should update by {day}.",
		"I've uploaded the drafts to the shared folder in Messages.",
		"These look great. The spacing on the {thing} feels tight though.",
		"Agreed, I'll loosen it to an 8px grid.",
		"Let's do a quick call here on the platform {day} at {time}.",
		"My rate is ${price} per hour, or ${price} fixed for the {thing}.",
		"I have {n} years of experience with {tool}.",
		"Room for {n} guests at {time} on {date}, table {n}.",
		"Please keep the file under {n} MB, the upload limit is strict.",
		"The {thing} loads in {n}.{n} seconds now, down from {n}.",
		"Thanks, looking forward to the next project together.",
		"No rush, {day} is fine as well.",
		"Developers say everything is clear. Closing the contract now.",
		"I'll release the milestone payment once the {thing} is live.",
		"The client wants dark mode too, is that a lot of extra work?",
		"It adds maybe {n} days; I can include it in milestone {n}.",
		"ok",
		"thanks!",
		"👍 sounds good",
		"Can you send the {thing} specs as a PDF?",
		"Our office is at {n} Market Street, suite {n}, open {time} to {time}.",
		"Ticket {invoice} is fixed in {version}, see the changelog.",
	}
)

// synthPlain are contact details as most people type them, with the kinds
// they carry (identifier kinds only; intents are allowed, not required).
var synthPlain = []struct {
	tmpl  string
	kinds []string
}{
	{"Reach me at {email} if you prefer.", []string{"email"}},
	{"my email is {email}", []string{"email"}},
	{"call me on {phone} after 6pm", []string{"phone"}},
	{"You can text me: {phone}", []string{"phone"}},
	{"Portfolio: {site} — the case studies are on the second page.", []string{"url"}},
	{"Here is my work: https://{site}/work/{name}", []string{"url"}},
	{"send the files to {email} or call {phone}", []string{"email", "phone"}},
}

// synthDisguised are contact details hidden from simple matchers: spelled
// symbols, number words, spaced digits, handles and meeting links.
var synthDisguised = []struct {
	tmpl  string
	kinds []string
}{
	{"write to {name} dot {surname} at gmail dot com", []string{"email"}},
	{"mail me: {name} (at) outlook (dot) com", []string{"email"}},
	{"my number is {words}", []string{"phone"}},
	{"ring me {spaced}", []string{"phone"}},
	{"my telegram is @{name}_{surname}", []string{"handle"}},
	{"add me on skype: live:.cid.{hex}", []string{"handle"}},
	{"join zoom.us/j/{zoom} at {time}", []string{"meeting_link"}},
	{"let's talk on wa.me/{e164digits}", []string{"handle"}},
}

// generator draws the synthetic stream from a seed.
type generator struct {
	r *rand.Rand
}

func newGenerator(seed uint64) *generator {
	return &generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (g *generator) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

// fill replaces each {slot} of tmpl with a fresh random value.
func (g *generator) fill(tmpl string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		j := strings.IndexByte(tmpl[i:], '}')
		b.WriteString(tmpl[:i])
		b.WriteString(g.slot(tmpl[i+1 : i+j]))
		tmpl = tmpl[i+j+1:]
	}
}

// usPhones are numbers valid in libphonenumber's metadata, in the formats
// people type; the 555-01xx block is reserved for fiction.
func (g *generator) phone() string {
	line := fmt.Sprintf("%04d", 100+g.r.IntN(100))
	switch g.r.IntN(4) {
	case 0:
		return "+1 (415) 555-" + line
	case 1:
		return "+44 7700 900" + line[1:]
	case 2:
		return "+49 30 1234" + line
	default:
		return "+91 98765 4" + line
	}
}

func (g *generator) slot(name string) string {
	r := g.r
	switch name {
	case "name":
		return g.pick(synthNames)
	case "surname":
		return g.pick(synthSurnames)
	case "thing":
		return g.pick(synthThings)
	case "tool":
		return g.pick(synthTools)
	case "day":
		return g.pick(synthDays)
	case "n":
		return fmt.Sprint(1 + r.IntN(40))
	case "price":
		return fmt.Sprintf("%d,%03d", 1+r.IntN(9), r.IntN(1000))
	case "date":
		return fmt.Sprintf("%02d/%02d", 1+r.IntN(12), 1+r.IntN(28))
	case "time":
		return fmt.Sprintf("%d:%02d", 8+r.IntN(10), 15*r.IntN(4))
	case "version":
		return fmt.Sprintf("v%d.%d.%d", r.IntN(4), r.IntN(20), r.IntN(30))
	case "invoice":
		return fmt.Sprintf("%d-%03d", 2020+r.IntN(6), r.IntN(1000))
	case "order":
		return fmt.Sprintf("%d", 100000+r.IntN(900000))
	case "email":
		return g.pick(synthNames) + "." + g.pick(synthSurnames) + fmt.Sprint(r.IntN(100)) + "@" + g.pick(synthDomains)
	case "phone":
		return g.phone()
	case "site":
		return g.pick(synthNames) + "-" + g.pick([]string{"design", "dev", "studio", "works"}) + g.pick([]string{".com", ".io", ".net", ".dev"})
	case "words":
		words := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
		d := "415555" + fmt.Sprintf("%04d", 100+r.IntN(100))
		var ws []string
		for _, c := range d {
			ws = append(ws, words[c-'0'])
		}
		return strings.Join(ws, " ")
	case "spaced":
		d := "+1 415 555 " + fmt.Sprintf("%04d", 100+r.IntN(100))
		return strings.Join(strings.Split(strings.ReplaceAll(d, " ", ""), ""), " ")
	case "hex":
		return fmt.Sprintf("%x", r.Uint32())
	case "zoom":
		return fmt.Sprintf("%d", 8_000_000_000+r.Int64N(999_999_999))
	case "e164digits":
		return "55119" + fmt.Sprintf("%08d", r.IntN(100_000_000))
	}
	return "{" + name + "}"
}

// long returns a proposal or job post of about size bytes: chat sentences
// run together, numbers and all, but no contact details.
func (g *generator) long(size int) string {
	var b strings.Builder
	b.WriteString("Proposal for the " + g.pick(synthThings) + ". ")
	for b.Len() < size {
		b.WriteString(g.fill(g.pick(synthChat)))
		if g.r.IntN(6) == 0 {
			b.WriteString("\n\n")
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// message returns the next message of the stream.
func (g *generator) message() (text string, kinds []string, note string) {
	k := g.r.IntN(1000)
	switch {
	case k < plainContactPerMille:
		c := synthPlain[g.r.IntN(len(synthPlain))]
		return g.fill(c.tmpl), c.kinds, "plain contact"
	case k < plainContactPerMille+disguisedContactPerMille:
		c := synthDisguised[g.r.IntN(len(synthDisguised))]
		return g.fill(c.tmpl), c.kinds, "disguised contact"
	case k < plainContactPerMille+disguisedContactPerMille+longMessagePerMille:
		return g.long(600 + g.r.IntN(4400)), nil, "long"
	}
	return g.fill(g.pick(synthChat)), nil, ""
}

// synthStream returns messages totalling at least size bytes of text, in
// threads of 5 to 60 messages.
func synthStream(seed uint64, size int) []synthMessage {
	g := newGenerator(seed)
	var out []synthMessage
	total, thread, left := 0, 0, 0
	for total < size {
		if left == 0 {
			thread++
			left = 5 + g.r.IntN(56)
		}
		left--
		text, kinds, note := g.message()
		if kinds == nil {
			kinds = []string{}
		}
		out = append(out, synthMessage{
			ID:     fmt.Sprintf("synth-%07d", len(out)+1),
			Thread: fmt.Sprintf("t%06d", thread),
			Text:   text, Kinds: kinds, AlsoOK: alsoOK(kinds), Lang: "en", Note: note,
		})
		total += len(text)
	}
	return out
}

// alsoOK allows the intent kinds beside a contact detail ("call me on …"
// is a contact request too); the comparison scores identifier kinds only.
func alsoOK(kinds []string) []string {
	if len(kinds) == 0 {
		return []string{}
	}
	return []string{"contact_request", "meeting_request"}
}

// synthJobPost returns a job post of about size bytes with the density of
// numbers and cues of a real one and one email address near the end.
func synthJobPost(seed uint64, size int) string {
	g := newGenerator(seed)
	post := g.long(size - 60)
	return post + " Questions before applying: " + g.slot("email")
}
