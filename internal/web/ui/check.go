package ui

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/policy"
)

// Check is what the live warning region shows: the outcome of the
// pre-send check of a draft, or of a write the policy refused or warned
// about, with each field's text and what was found in it highlighted.
type Check struct {
	// Action is the most severe action over the fields; "" or allow shows
	// nothing.
	Action policy.Action
	// Refused is set when the write was refused, not merely checked.
	Refused bool
	// Sent is set when the text was delivered with this decision (warned
	// or redacted).
	Sent    bool
	Notices []string
	Reasons []policy.Reason
	Fields  []CheckedField
	// Error says why the draft could not be checked.
	Error string
	// Field is the form field of a refused write whose text the policy
	// refused ("title", "description", ...), for the form to mark it.
	Field string
}

// Shown reports whether the check has anything to tell the writer.
func (c *Check) Shown() bool {
	return c != nil && (c.Error != "" || (c.Action != "" && c.Action != policy.Allow))
}

// Headline says in one sentence what happens (or would) to the text.
func (c *Check) Headline() string {
	switch {
	case c.Error != "":
		return c.Error
	case c.Refused:
		return "Not sent: nothing was delivered or published. Your text is kept below so you can change it."
	case c.Sent && c.Action == policy.Redact:
		return "Sent, with the details below hidden from the other side."
	case c.Sent:
		return "Sent, with a warning."
	case c.Action == policy.Block:
		return "If you send this now, it will not be sent."
	case c.Action == policy.Redact:
		return "If you send this now, it will be sent with the details below hidden."
	case c.Action == policy.Warn:
		return "If you send this now, it will be sent with a warning."
	}
	return ""
}

// CheckedField is one field of a draft with its findings highlighted.
type CheckedField struct {
	Label    string
	Segments []Segment
}

// draftField is a field of a form the policy decides: its label, its
// text and its name, as the Service names it in a refusal (market.Error's
// Field).
type draftField struct {
	label, text, name string
}

// add merges a field's decision into c.
func (c *Check) add(label, text string, d *policy.Decision) {
	if d == nil {
		return
	}
	if slices.Index(policy.Actions, d.Action) > slices.Index(policy.Actions, c.Action) {
		c.Action = d.Action
	}
	if d.Notice != "" && !slices.Contains(c.Notices, d.Notice) {
		c.Notices = append(c.Notices, d.Notice)
	}
	for _, r := range d.Reasons {
		dup := slices.ContainsFunc(c.Reasons, func(o policy.Reason) bool { return o.Rule == r.Rule && o.Message == r.Message })
		if r.Action != policy.Allow && !dup {
			c.Reasons = append(c.Reasons, r)
		}
	}
	if d.Action != policy.Allow && len(d.Findings) > 0 && text != "" {
		c.Fields = append(c.Fields, CheckedField{Label: label, Segments: highlight(text, d.Findings)})
	}
}

// checkFields runs the Service's pre-send check (no side effects) over
// each non-empty field of a draft written in channel.
func (u *UI) checkFields(ctx context.Context, actor *market.User, in market.CheckInput, fields []draftField) (*Check, error) {
	c := &Check{Action: policy.Allow}
	for _, f := range fields {
		if f.text == "" {
			continue
		}
		in.Text = f.text
		d, err := u.svc.Check(ctx, actor, in)
		if err != nil {
			switch market.ErrorCode(err) {
			case market.Invalid, market.Forbidden, market.NotFound:
				c.Error = market.ErrorMessage(err)
				return c, nil
			}
			return nil, err
		}
		c.add(f.label, f.text, d)
	}
	return c, nil
}

// decisionOf returns the policy decision a Refused error carries, or nil.
func decisionOf(err error) *policy.Decision {
	var me *market.Error
	if !errors.As(err, &me) || me.Code != market.Refused {
		return nil
	}
	switch d := me.Decision.(type) {
	case *market.Decision:
		if d != nil {
			return &d.Decision
		}
	case market.Decision:
		return &d.Decision
	case *policy.Decision:
		return d
	case policy.Decision:
		return &d
	}
	return nil
}

// refusal describes a refused write from the decision its error carries:
// for a write of one field, that field's; for a write of several, the
// field the error names (the Service decides every field and refuses with
// the most severe decision).
func refusal(fields []draftField, err error) *Check {
	c := &Check{Refused: true, Action: policy.Block}
	var me *market.Error
	errors.As(err, &me)
	f := fields[0]
	if len(fields) > 1 {
		f = draftField{}
		for _, g := range fields {
			if me != nil && g.name == me.Field {
				f = g
			}
		}
	}
	c.Field = f.name
	c.add(f.label, f.text, decisionOf(err))
	c.Action = policy.Block
	if len(c.Notices) == 0 {
		c.Notices = append(c.Notices, market.ErrorMessage(err))
	}
	return c
}

// sent describes a delivered write's decision, when there is something to
// tell the writer (a warning, or details hidden).
func sent(text string, d *market.Decision) *Check {
	if d == nil || d.Action == policy.Allow {
		return nil
	}
	c := &Check{Sent: true}
	c.add("", text, &d.Decision)
	return c
}

// CheckFragment is the data of the live warning fragment.
type CheckFragment struct {
	Check *Check
}

// checkDraft answers the live check of a public text or a proposal as the
// user types it: "POST /check/{channel}".
func (u *UI) checkDraft(w http.ResponseWriter, r *http.Request, s *session) error {
	ch := policy.Channel(r.PathValue("channel"))
	in := market.CheckInput{Channel: ch}
	var fields []draftField
	switch ch {
	case policy.JobPost:
		fields = []draftField{{"Title", r.PostFormValue("title"), "title"}, {"Description", r.PostFormValue("description"), "description"}}
	case policy.Profile:
		fields = []draftField{{"Title", r.PostFormValue("title"), "title"}, {"Overview", r.PostFormValue("overview"), "overview"}}
	case policy.Proposal:
		in.JobID = r.PostFormValue("job_id")
		fields = []draftField{{"Cover letter", r.PostFormValue("cover_letter"), "cover_letter"}}
	case policy.Review:
		fields = []draftField{{"Review", r.PostFormValue("text"), "text"}}
	default:
		return market.Errorf(market.NotFound, "no such channel")
	}
	c, err := u.checkFields(r.Context(), s.User, in, fields)
	if err != nil {
		return err
	}
	u.fragment(w, r, http.StatusOK, "check", CheckFragment{Check: c})
	return nil
}
