package detect

// Kind names what a finding is. The nine kinds are listed in the README.
type Kind string

// The identifier kinds: a concrete way to reach or pay someone outside the
// platform.
const (
	Email          Kind = "email"
	Phone          Kind = "phone"
	Handle         Kind = "handle"
	MeetingLink    Kind = "meeting_link"
	PaymentAccount Kind = "payment_account"
	URL            Kind = "url"
)

// The intent kinds: asking for, offering or proposing to move off the
// platform, with or without a concrete identifier.
const (
	ContactRequest Kind = "contact_request"
	MeetingRequest Kind = "meeting_request"
	PaymentRequest Kind = "payment_request"
)

// IdentifierKinds lists the identifier kinds in a fixed order.
var IdentifierKinds = []Kind{Email, Phone, Handle, MeetingLink, PaymentAccount, URL}

// AllKinds lists every kind in a fixed order.
var AllKinds = []Kind{Email, Phone, Handle, MeetingLink, PaymentAccount, URL, ContactRequest, MeetingRequest, PaymentRequest}

// ParseKind returns the Kind named s, or false when s names none.
func ParseKind(s string) (Kind, bool) {
	for _, k := range AllKinds {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// Finding is one piece of contact or payment information, or one request to
// move off the platform, found in a text.
type Finding struct {
	// Kind is what was found.
	Kind Kind `json:"kind"`
	// Start and End are byte offsets into the original input, End
	// exclusive. A finding completed by a message of a conversation covers
	// its part in that message.
	Start int `json:"start"`
	End   int `json:"end"`
	// Text is the original input between Start and End.
	Text string `json:"text"`
	// Value is the normalised identifier: a lower-case email, an E.164
	// phone number, a canonical URL, "app:id" for a handle. For a finding
	// completed across messages it is the joined whole.
	Value string `json:"value"`
	// Confidence is how sure the detector is, in [0, 1].
	Confidence float64 `json:"confidence"`
	// Rule names the detection rule that produced the finding.
	Rule string `json:"rule"`
	// Disguised is set when the finding was only seen after undoing a
	// disguise (spelled-out symbols, look-alike letters, spaced letters,
	// number words): a strong sign of intent.
	Disguised bool `json:"disguised,omitempty"`
	// Ref points to an earlier finding this one answers, such as the
	// request "send me your email" before the address itself, so that
	// policy can treat both as one act.
	Ref *Ref `json:"ref,omitempty"`
}

// Ref points to another finding of the same conversation.
type Ref struct {
	// Back is how many messages before this one the finding is; 0 means
	// the same message.
	Back int `json:"back"`
	// Kind and Rule are the other finding's.
	Kind Kind   `json:"kind"`
	Rule string `json:"rule"`
	// Start and End are the other finding's offsets in its own message.
	Start int `json:"start"`
	End   int `json:"end"`
}
