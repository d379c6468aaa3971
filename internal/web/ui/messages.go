package ui

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/chaperone-dev/chaperone/detect"
	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/policy"
)

// messageLimit is how many of a thread's last messages a page shows.
const messageLimit = 200

// ThreadsPage is the data of the thread list.
type ThreadsPage struct {
	Base
	Threads []ThreadItem
}

// ThreadItem is one thread in the list.
type ThreadItem struct {
	ID         string
	Other      string // the other side's name
	Org        string
	Enterprise bool
	Job        string // the job's title, if the thread is about one
	CreatedAt  time.Time
}

// names caches the users and organisations a page mentions, so a list
// asks the Service once for each.
type names struct {
	u     *UI
	users map[string]*market.User
	orgs  map[string]*market.Org
}

func (u *UI) names() *names {
	return &names{u: u, users: map[string]*market.User{}, orgs: map[string]*market.Org{}}
}

// user returns the user's name, or a placeholder for one that is gone.
func (n *names) user(ctx context.Context, id string) string {
	if usr, ok := n.users[id]; ok {
		return usr.Name
	}
	usr, err := n.u.svc.User(ctx, id)
	if err != nil {
		return "(unknown user)"
	}
	n.users[id] = usr
	return usr.Name
}

func (n *names) org(ctx context.Context, id string) *market.Org {
	if o, ok := n.orgs[id]; ok {
		return o
	}
	o, err := n.u.svc.Org(ctx, id)
	if err != nil {
		o = &market.Org{ID: id, Name: "(unknown organisation)"}
	}
	n.orgs[id] = o
	return o
}

func (u *UI) threads(w http.ResponseWriter, r *http.Request, s *session) error {
	ts, err := u.svc.Threads(r.Context(), s.User)
	if err != nil {
		return err
	}
	n := u.names()
	p := ThreadsPage{Base: s.base("Messages", "messages")}
	for _, t := range ts {
		other := t.ClientID
		if s.User.ID == t.ClientID {
			other = t.FreelancerID
		}
		org := n.org(r.Context(), t.OrgID)
		it := ThreadItem{ID: t.ID, Other: n.user(r.Context(), other), Org: org.Name, Enterprise: org.Plan == market.Enterprise, CreatedAt: t.CreatedAt}
		if t.JobID != "" {
			if j, err := u.svc.Job(r.Context(), t.JobID); err == nil {
				it.Job = j.Title
			}
		}
		p.Threads = append(p.Threads, it)
	}
	u.render(w, r, http.StatusOK, "threads", p)
	return nil
}

// openThread starts (or finds) the conversation with a user, optionally
// about a job, and goes to it.
func (u *UI) openThread(w http.ResponseWriter, r *http.Request, s *session) error {
	t, err := u.svc.OpenThread(r.Context(), s.User, r.PostFormValue("with"), r.PostFormValue("job"))
	if err != nil {
		return err
	}
	return redirect(w, r, "/threads/"+t.ID)
}

// ThreadPage is the data of a conversation.
type ThreadPage struct {
	Base
	Header    ThreadHeader
	List      MessageList
	Contracts []ContractItem
	// Client is set for the client side, who may offer a contract.
	Client bool
	// Composer is the message box, with a draft the policy refused.
	Composer Composer
	// Live is how new messages arrive: "sse" or "poll".
	Live string
}

// ThreadHeader says who the other side is and what may be shared here.
type ThreadHeader struct {
	ThreadID  string
	Other     string
	OtherRole market.Role
	OtherLink string // the freelancer's profile, for the client
	Org       string
	// Enterprise is set when the client side is on the Enterprise plan,
	// as the platform knows it (not as anyone claims in a message).
	Enterprise bool
	// EnterpriseKinds are what the policy lets an Enterprise
	// conversation exchange here before a contract.
	EnterpriseKinds []detect.Kind
	JobID, Job      string
	// Contact says whether contact details may be shared here now, and
	// why, as the policy decides it at this moment.
	Contact *ContactStatus
}

// ContactStatus is the policy's answer for an email address written in
// the thread now.
type ContactStatus struct {
	Allowed bool
	Reason  string
	// Since is when a started contract made sharing allowed.
	Since *time.Time
}

// MessageList is the data of the message list, the fragment htmx reloads.
type MessageList struct {
	ThreadID string
	Items    []MessageItem
}

// MessageItem is a message, or a marker of a contract event between them.
type MessageItem struct {
	ID       string
	Mine     bool
	Sender   string
	Time     time.Time
	Segments []Segment
	// Action is the policy's action on the message; the sender is told
	// of a warning, and both sides see masks.
	Action string
	Edited bool
	// Marker, when set, makes the item a line in the timeline instead of
	// a message: "Contract started: ...".
	Marker string
}

// ContractItem is a contract of the thread's two parties.
type ContractItem struct {
	ID        string
	State     market.ContractState
	CreatedAt time.Time
	StartedAt *time.Time
	EndedAt   *time.Time
}

// Composer is the message box.
type Composer struct {
	ThreadID string
	CSRF     string
	Draft    string
	Check    *Check
}

func (u *UI) thread(w http.ResponseWriter, r *http.Request, s *session) error {
	p, err := u.threadPage(r.Context(), s, r.PathValue("id"))
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "sent":
		p.Flash = "Message sent."
	}
	u.render(w, r, http.StatusOK, "thread", p)
	return nil
}

// threadPage gathers everything a conversation's page shows.
func (u *UI) threadPage(ctx context.Context, s *session, id string) (ThreadPage, error) {
	t, err := u.svc.Thread(ctx, s.User, id)
	if err != nil {
		return ThreadPage{}, err
	}
	n := u.names()
	list, contracts, err := u.messageList(ctx, s, t, n)
	if err != nil {
		return ThreadPage{}, err
	}
	org := n.org(ctx, t.OrgID)
	h := ThreadHeader{ThreadID: t.ID, Org: org.Name, Enterprise: org.Plan == market.Enterprise}
	if h.Enterprise {
		h.EnterpriseKinds = u.facts.EnterpriseIn(policy.Message)
	}
	if s.User.ID == t.ClientID {
		h.Other, h.OtherRole, h.OtherLink = n.user(ctx, t.FreelancerID), market.RoleFreelancer, "/freelancers/"+t.FreelancerID
	} else {
		h.Other, h.OtherRole = n.user(ctx, t.ClientID), market.RoleClient
	}
	if t.JobID != "" {
		if j, err := u.svc.Job(ctx, t.JobID); err == nil {
			h.JobID, h.Job = j.ID, j.Title
		}
	}
	h.Contact = u.contactStatus(ctx, s.User, t.ID, contracts)
	p := ThreadPage{
		Base:      s.base("Conversation with "+h.Other, "messages"),
		Header:    h,
		List:      list,
		Contracts: contracts,
		Client:    s.User.ID == t.ClientID,
		Composer:  Composer{ThreadID: t.ID, CSRF: s.CSRF},
		Live:      "poll",
	}
	if u.svc.Events() != nil {
		p.Live = "sse"
	}
	return p, nil
}

// probeContact is the text the thread header asks the policy about: a
// plain, unmistakable email address.
const probeContact = "ana.lima@gmail.com"

// contactStatus asks the policy (through the side-effect-free Check)
// whether an email address could be sent in the thread now, so that the
// header says what enforcement would do, not what the page assumes.
func (u *UI) contactStatus(ctx context.Context, actor *market.User, threadID string, contracts []ContractItem) *ContactStatus {
	d, err := u.svc.Check(ctx, actor, market.CheckInput{Channel: policy.Message, ThreadID: threadID, Text: probeContact})
	if err != nil {
		u.log.WarnContext(ctx, "ui: contact status", "err", err)
		return nil
	}
	cs := &ContactStatus{Allowed: d.Action == policy.Allow}
	for _, r := range d.Reasons {
		if r.Kind == detect.Email {
			cs.Reason = r.Message
			break
		}
	}
	if cs.Allowed {
		for _, c := range contracts {
			if c.StartedAt != nil && (cs.Since == nil || c.StartedAt.Before(*cs.Since)) {
				cs.Since = c.StartedAt
			}
		}
	}
	return cs
}

// messageList reads the thread's messages and the contracts of its two
// parties, and merges the contracts' start and end into the timeline, so
// the thread shows from when contact sharing was allowed.
func (u *UI) messageList(ctx context.Context, s *session, t *market.Thread, n *names) (MessageList, []ContractItem, error) {
	ms, err := u.svc.Messages(ctx, s.User, t.ID, messageLimit)
	if err != nil {
		return MessageList{}, nil, err
	}
	list := MessageList{ThreadID: t.ID}
	for _, m := range ms {
		it := MessageItem{ID: m.ID, Mine: m.SenderID == s.User.ID, Sender: n.user(ctx, m.SenderID), Time: m.CreatedAt,
			Segments: delivered(m.Text, u.facts.Masks), Action: m.Action, Edited: m.EditedAt != nil}
		list.Items = append(list.Items, it)
	}
	contracts, err := u.threadContracts(ctx, s.User, t)
	if err != nil {
		return MessageList{}, nil, err
	}
	sharing := len(u.facts.Contract) > 0 && slices.ContainsFunc(u.facts.Contract, func(a Allowance) bool { return slices.Contains(a.Channels, policy.Message) })
	for _, c := range contracts {
		if c.StartedAt != nil {
			msg := "Contract started."
			if sharing {
				msg = "Contract started: from here on, contact details may be shared in this conversation."
			}
			list.Items = append(list.Items, MessageItem{ID: c.ID + "-start", Time: *c.StartedAt, Marker: msg})
		}
		if c.EndedAt != nil {
			list.Items = append(list.Items, MessageItem{ID: c.ID + "-end", Time: *c.EndedAt, Marker: "Contract ended."})
		}
	}
	slices.SortStableFunc(list.Items, func(a, b MessageItem) int { return a.Time.Compare(b.Time) })
	return list, contracts, nil
}

// threadContracts returns the contracts between the thread's two
// parties, the client's organisation and the freelancer, newest first.
func (u *UI) threadContracts(ctx context.Context, actor *market.User, t *market.Thread) ([]ContractItem, error) {
	other := t.FreelancerID
	if actor.ID == t.FreelancerID {
		other = t.ClientID
	}
	cs, err := u.svc.ContractsWith(ctx, actor, other)
	if err != nil {
		return nil, err
	}
	now := u.svc.Now()
	var out []ContractItem
	for _, c := range cs {
		out = append(out, ContractItem{ID: c.ID, State: c.State, CreatedAt: c.CreatedAt, StartedAt: c.StartedAt(now), EndedAt: c.EndedAt})
	}
	return out, nil
}

// messages answers htmx's reload of the message list.
func (u *UI) messages(w http.ResponseWriter, r *http.Request, s *session) error {
	t, err := u.svc.Thread(r.Context(), s.User, r.PathValue("id"))
	if err != nil {
		return err
	}
	list, _, err := u.messageList(r.Context(), s, t, u.names())
	if err != nil {
		return err
	}
	u.fragment(w, r, http.StatusOK, "messages", list)
	return nil
}

// sendMessage sends the message box's text. A refused message comes back
// in the box, with what was found highlighted, so nothing typed is lost.
func (u *UI) sendMessage(w http.ResponseWriter, r *http.Request, s *session) error {
	id, text := r.PathValue("id"), r.PostFormValue("text")
	_, dec, err := u.svc.SendMessage(r.Context(), s.User, id, text)
	box := Composer{ThreadID: id, CSRF: s.CSRF}
	status := http.StatusOK
	switch code := market.ErrorCode(err); {
	case err == nil:
		box.Check = sent(text, dec)
	case code == market.Refused:
		box.Draft, status = text, http.StatusUnprocessableEntity
		box.Check = &Check{Refused: true}
		if d := decisionOf(err); d != nil {
			box.Check.add("Your message", text, d)
		} else {
			box.Check.Notices = []string{market.ErrorMessage(err)}
		}
		box.Check.Action = policy.Block
	case code == market.Invalid || code == market.Forbidden:
		box.Draft, status = text, statusOf[code]
		box.Check = &Check{Error: market.ErrorMessage(err)}
	default:
		return err
	}
	if isHTMX(r) {
		if err == nil {
			// The list reloads itself on this event, whether or not live
			// delivery is on.
			w.Header().Set("HX-Trigger", "messages-changed")
		}
		// htmx swaps only 2xx answers; the box with the refusal is the
		// answer either way.
		u.fragment(w, r, http.StatusOK, "composer", box)
		return nil
	}
	if err == nil && box.Check == nil {
		return redirect(w, r, "/threads/"+id+"?done=sent#composer")
	}
	p, perr := u.threadPage(r.Context(), s, id)
	if perr != nil {
		return perr
	}
	p.Composer = box
	if err == nil {
		p.Flash = "Message sent."
	}
	u.render(w, r, status, "thread", p)
	return nil
}

// checkMessage answers the live check of the message box as the user
// types: what would happen if they pressed Send now.
func (u *UI) checkMessage(w http.ResponseWriter, r *http.Request, s *session) error {
	text := r.PostFormValue("text")
	c := &Check{Action: policy.Allow}
	if strings.TrimSpace(text) != "" {
		var err error
		if c, err = u.checkFields(r.Context(), s.User, market.CheckInput{Channel: policy.Message, ThreadID: r.PathValue("id")}, []draftField{{"Your message", text, "text"}}); err != nil {
			return err
		}
	}
	u.fragment(w, r, http.StatusOK, "check", CheckFragment{Check: c})
	return nil
}

// sseLifetime bounds one server-sent events connection, so a server
// never holds a stream forever; the browser reconnects at once.
const sseLifetime = 5 * time.Minute

// ssePing is how often an idle stream sends a comment, so proxies keep it
// open and a vanished reader is noticed.
const ssePing = 25 * time.Second

// events streams "message" events to a thread's page whenever a message
// is written in it, from any replica when the Service's Events crosses
// processes. The page then reloads its list: events carry no text.
func (u *UI) events(w http.ResponseWriter, r *http.Request, s *session) error {
	t, err := u.svc.Thread(r.Context(), s.User, r.PathValue("id"))
	if err != nil {
		return err
	}
	ev := u.svc.Events()
	if ev == nil {
		return market.Errorf(market.NotFound, "live delivery is off; the page polls instead")
	}
	ctx, cancel := context.WithTimeout(r.Context(), sseLifetime)
	defer cancel()
	ch, stop, err := ev.Subscribe(ctx, t.ID)
	if err != nil {
		return err
	}
	defer stop()
	rc := http.NewResponseController(w)
	// The server's write timeout is meant for pages; this stream ends by
	// itself after sseLifetime. Not every writer supports deadlines.
	_ = rc.SetWriteDeadline(time.Now().Add(sseLifetime + time.Minute))
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)
	// The first event makes the page reload once, for whatever was sent
	// while it was not connected.
	if _, err := fmt.Fprint(w, "retry: 3000\n\nevent: message\ndata: connected\n\n"); err != nil {
		return nil
	}
	if err := rc.Flush(); err != nil {
		return nil
	}
	ping := time.NewTicker(ssePing)
	defer ping.Stop()
	for {
		var out string
		select {
		case <-ctx.Done():
			return nil
		case e, ok := <-ch:
			if !ok {
				return nil
			}
			out = "event: message\ndata: " + e.MessageID + "\n\n"
		case <-ping.C:
			out = ": ping\n\n"
		}
		if _, err := fmt.Fprint(w, out); err != nil {
			return nil
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}

// offerContract lets the client offer the thread's freelancer a contract
// about the thread's job. The thread lists its parties' contracts, so the
// freelancer finds the offer there.
func (u *UI) offerContract(w http.ResponseWriter, r *http.Request, s *session) error {
	t, err := u.svc.Thread(r.Context(), s.User, r.PathValue("id"))
	if err != nil {
		return err
	}
	var startsAt *time.Time
	if v := strings.TrimSpace(r.PostFormValue("starts_at")); v != "" {
		d, err := time.Parse("2006-01-02", v)
		if err != nil {
			return market.Errorf(market.Invalid, "Start date: use the form YYYY-MM-DD.")
		}
		startsAt = &d
	}
	c, err := u.svc.OfferContract(r.Context(), s.User, t.FreelancerID, t.JobID, startsAt)
	if err != nil {
		return err
	}
	return redirect(w, r, "/contracts/"+c.ID+"?done=offered")
}
