// Package ui serves Chaperone's reference marketplace as web pages, so
// that an operator, or a buyer evaluating Chaperone, can walk through the
// whole flow in a browser without writing a client: sign up, search jobs
// and freelancers (with the Enterprise badge), post a job, write a
// profile, message, offer and accept a contract, see one's strikes and
// appeal, moderate, change plans, and read the help page generated from
// the live policy.
//
// Pages are html/template files embedded in the binary and parsed once by
// New; each page has its own typed data struct. They work without
// JavaScript: forms POST and redirect. htmx (vendored under static/ by
// scripts/vendor-htmx.sh) makes them live: a debounced pre-send check
// highlights what the policy would refuse while the user types, and new
// messages arrive over server-sent events (or polling when the Service
// has no Events).
//
// Every route is registered in one function, Register. Handlers parse the
// form, call internal/market's Service and render a page or redirect; a
// market error becomes an error page through one table, statusOf.
//
// Sessions are the Service's bearer tokens in an HttpOnly, SameSite=Lax
// cookie. Every state-changing request carries a CSRF token derived from
// the session token (or, before login, from a random pre-session cookie),
// in a hidden form field or, for htmx, a header set on <body>.
package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// The templates and static files are embedded so that the binary needs
// nothing beside it; they are read-only, so sharing them is not state.
var (
	//go:embed templates/*.html
	templateFiles embed.FS
	//go:embed static
	staticFiles embed.FS
)

// UI serves the marketplace's web pages. Create one with New; it is safe
// for concurrent use.
type UI struct {
	svc      *market.Service
	log      *slog.Logger
	pages    map[string]*template.Template // by page name: layout + partials + the page
	frags    *template.Template            // layout-free partials, for htmx fragments
	static   *staticSet
	facts    *PolicyFacts // what the policy says, for help, plans and thread headers
	patterns []string
}

// New returns the UI for svc, logging to log (nil discards). It parses
// every template and summarises the policy once, and returns an error for
// a template that does not parse, so a broken page fails the start, not
// a request.
func New(svc *market.Service, log *slog.Logger) (*UI, error) {
	return newUI(svc, log, templateFiles)
}

// newUI is New with the templates read from tfs, so a test can hand it a
// broken one.
func newUI(svc *market.Service, log *slog.Logger, tfs fs.FS) (*UI, error) {
	if svc == nil {
		return nil, fmt.Errorf("ui: nil Service")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	u := &UI{svc: svc, log: log}
	var err error
	if u.static, err = newStaticSet(staticFiles, "static"); err != nil {
		return nil, err
	}
	if u.facts, err = analysePolicy(svc.Policy()); err != nil {
		return nil, fmt.Errorf("ui: describe policy: %w", err)
	}
	if err := u.parseTemplates(tfs); err != nil {
		return nil, err
	}
	return u, nil
}

// parseTemplates builds one template set per page, each the layout, the
// partials and the page, because every page defines its own "content".
func (u *UI) parseTemplates(tfs fs.FS) error {
	base, err := template.New("").Funcs(u.funcs()).ParseFS(tfs, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return fmt.Errorf("ui: parse layout: %w", err)
	}
	names, err := fs.Glob(tfs, "templates/*.html")
	if err != nil {
		return fmt.Errorf("ui: list templates: %w", err)
	}
	u.pages = make(map[string]*template.Template)
	for _, name := range names {
		page := strings.TrimSuffix(path.Base(name), ".html")
		if page == "layout" || page == "partials" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(tfs, name)
		if err != nil {
			return fmt.Errorf("ui: parse %s: %w", name, err)
		}
		if t.Lookup("content") == nil {
			return fmt.Errorf("ui: %s defines no \"content\"", name)
		}
		u.pages[page] = t
	}
	u.frags = template.Must(base.Clone())
	return nil
}

// Routes returns the pattern of every route Register adds, in order, for
// a server that labels metrics by route.
func (u *UI) Routes() []string { return slices.Clone(u.patterns) }

// Register adds every page route to mux. It registers no catch-all but
// "GET /{$}", the home page, so that the JSON API keeps its own 404s.
func (u *UI) Register(mux *http.ServeMux) {
	u.patterns = u.patterns[:0]
	handle := func(pattern string, h http.Handler) {
		mux.Handle(pattern, h)
		u.patterns = append(u.patterns, pattern)
	}

	handle("GET /{$}", u.page(u.home))
	handle("GET /static/", http.HandlerFunc(u.static.serve))

	// Accounts.
	handle("GET /signup", u.page(u.signupForm))
	handle("POST /signup", u.page(u.signup))
	handle("GET /login", u.page(u.loginForm))
	handle("POST /login", u.page(u.login))
	handle("POST /logout", u.member(u.logout))

	// Public places: job posts and profiles, and the live check of their drafts.
	handle("GET /jobs", u.page(u.searchJobs))
	handle("GET /jobs/new", u.member(u.newJobForm))
	handle("POST /jobs", u.member(u.createJob))
	handle("GET /jobs/{id}", u.page(u.job))
	handle("GET /jobs/{id}/edit", u.member(u.editJobForm))
	handle("POST /jobs/{id}", u.member(u.updateJob))
	handle("POST /jobs/{id}/proposals", u.member(u.submitProposal))
	handle("GET /freelancers", u.page(u.searchFreelancers))
	handle("GET /freelancers/{id}", u.page(u.freelancer))
	handle("GET /profile", u.member(u.profileForm))
	handle("POST /profile", u.member(u.putProfile))
	handle("POST /check/{channel}", u.member(u.checkDraft))

	// Messages: private, live.
	handle("GET /threads", u.member(u.threads))
	handle("POST /threads", u.member(u.openThread))
	handle("GET /threads/{id}", u.member(u.thread))
	handle("GET /threads/{id}/messages", u.member(u.messages))
	handle("POST /threads/{id}/messages", u.member(u.sendMessage))
	handle("POST /threads/{id}/check", u.member(u.checkMessage))
	handle("GET /threads/{id}/events", u.member(u.events))

	// Contracts.
	handle("POST /threads/{id}/contracts", u.member(u.offerContract))
	handle("GET /contracts/{id}", u.member(u.contract))
	handle("POST /contracts/{id}/accept", u.member(u.acceptContract))
	handle("POST /contracts/{id}/end", u.member(u.endContract))
	handle("POST /contracts/{id}/reviews", u.member(u.writeReview))

	// Account health.
	handle("GET /account", u.member(u.account))
	handle("POST /account/appeals", u.member(u.appeal))

	// Moderation and administration.
	handle("GET /moderation", u.member(u.cases))
	handle("GET /moderation/cases/{id}", u.member(u.caseView))
	handle("POST /moderation/cases/{id}/resolve", u.member(u.resolveCase))
	handle("GET /admin/orgs", u.member(u.orgs))
	handle("POST /admin/orgs/{id}/plan", u.member(u.setPlan))

	// Plans and help, generated from the live policy.
	handle("GET /plans", u.page(u.plans))
	handle("GET /help/enterprise", u.page(u.help))
	handle("POST /help/enterprise/vote", u.page(u.vote))
}

// handlerFunc is a page handler; s is the visitor's session (s.User is nil
// for a visitor who has not logged in). A returned error is rendered by
// fail.
type handlerFunc func(w http.ResponseWriter, r *http.Request, s *session) error

// page adapts h for anyone. It loads the session and refuses a
// state-changing request without a valid CSRF token.
func (u *UI) page(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		}
		s, err := u.session(w, r)
		if err == nil {
			err = checkCSRF(r, s)
		}
		if err == nil {
			err = h(w, r, s)
		}
		if err != nil {
			u.fail(w, r, s, err)
		}
	})
}

// member adapts h for logged-in users; a visitor is sent to the login
// page, which brings them back afterwards.
func (u *UI) member(h handlerFunc) http.Handler {
	return u.page(func(w http.ResponseWriter, r *http.Request, s *session) error {
		if s.User == nil {
			return market.Errorf(market.Unauthorized, "log in first")
		}
		return h(w, r, s)
	})
}

// Base is what the layout needs on every page; each page's data embeds it.
type Base struct {
	// Title is the page's title, also its <h1> in most pages.
	Title string
	// User is who is logged in; nil for a visitor.
	User *market.User
	// CSRF is the token every form and htmx request sends back.
	CSRF string
	// Nav names the navigation entry of the page, for aria-current.
	Nav string
	// Flash is a one-line confirmation of what the last action did.
	Flash string
}

// base returns the Base of a page for the session.
func (s *session) base(title, nav string) Base {
	return Base{Title: title, User: s.User, CSRF: s.CSRF, Nav: nav}
}

// render writes the page's full HTML with status. It renders into a
// buffer first so that a template error becomes a clean 500, not half a
// page.
func (u *UI) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	t, ok := u.pages[page]
	if !ok {
		u.log.ErrorContext(r.Context(), "ui: no such page", "page", page)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	u.execute(w, r, status, t, "layout", data)
}

// fragment writes one partial template, without the layout, for htmx.
func (u *UI) fragment(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	u.execute(w, r, status, u.frags, name, data)
}

func (u *UI) execute(w http.ResponseWriter, r *http.Request, status int, t *template.Template, name string, data any) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		u.log.ErrorContext(r.Context(), "ui: render", "template", name, "route", r.Pattern, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store") // pages show private data and CSRF tokens
	securityHeaders(h)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// securityHeaders sets the headers every page carries. The content
// security policy allows only this origin's scripts and styles: the pages
// have no inline script, and htmx's own indicator style is switched off in
// the layout's htmx-config.
func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
}

// redirect answers a form POST with 303 See Other, so that reloading the
// next page does not post again. For an htmx request it asks htmx to
// navigate instead, since htmx would follow a 303 itself and swap the
// whole page into its target.
func redirect(w http.ResponseWriter, r *http.Request, to string) error {
	if isHTMX(r) {
		w.Header().Set("HX-Redirect", to)
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// isHTMX reports whether htmx sent r, so it expects a fragment.
func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// localPath returns p when it is a path on this site, else "/": a login
// form's "next" must not send the user to another site.
func localPath(p string) string {
	if p == "" || p[0] != '/' || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	if u, err := url.Parse(p); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return p
}

// ErrorPage is the data of the error page.
type ErrorPage struct {
	Base
	Status  int
	Message string
}

// statusOf maps market error codes to HTTP statuses: the one table.
var statusOf = map[market.Code]int{
	market.Invalid:      http.StatusBadRequest,
	market.NotFound:     http.StatusNotFound,
	market.Conflict:     http.StatusConflict,
	market.Unauthorized: http.StatusUnauthorized,
	market.Forbidden:    http.StatusForbidden,
	market.Refused:      http.StatusUnprocessableEntity,
	market.Internal:     http.StatusInternalServerError,
}

// fail renders err as an error page. A visitor who must log in is sent to
// the login page instead; internal details are logged, never shown.
func (u *UI) fail(w http.ResponseWriter, r *http.Request, s *session, err error) {
	code := market.ErrorCode(err)
	if code == market.Unauthorized && r.Method == http.MethodGet && (s == nil || s.User == nil) {
		redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()))
		return
	}
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	msg := market.ErrorMessage(err)
	if code == market.Internal {
		u.log.ErrorContext(r.Context(), "ui", "method", r.Method, "route", r.Pattern, "err", err)
		msg = "Something went wrong on our side. Please try again."
	}
	if s == nil {
		s = &session{}
	}
	data := ErrorPage{Base: s.base(http.StatusText(status), ""), Status: status, Message: msg}
	if isHTMX(r) {
		// htmx swaps no error answers, and the request's own target may
		// hold a draft: show the error in the layout's alert region.
		w.Header().Set("HX-Retarget", "#live-error")
		w.Header().Set("HX-Reswap", "innerHTML")
		u.fragment(w, r, http.StatusOK, "error-fragment", data)
		return
	}
	u.render(w, r, status, "error", data)
}

// funcs are the template functions; none has side effects.
func (u *UI) funcs() template.FuncMap {
	return template.FuncMap{
		"static": u.static.url,
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.UTC().Format("2 Jan 2006")
		},
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.UTC().Format("2 Jan 2006, 15:04 UTC")
		},
		"iso": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"deref": func(t *time.Time) time.Time {
			if t == nil {
				return time.Time{}
			}
			return *t
		},
		"kinds":   kindsWords,
		"kindsOr": kindsOr,
		"kind":    kindWord,
		"where":   channelsWords,
		"channel": channelWord,
		"action":  actionWord,
		"title":   capitalise,
		"ratings": func() []int { return []int{5, 4, 3, 2, 1} },
		"list":    func(s ...string) []string { return s },
		"phrase":  kindPhrase,
	}
}
