package ui

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// Cookie names. The session cookie holds the Service's bearer token, so
// the pages and the JSON API share one login mechanism; the CSRF cookie
// exists only to protect the forms a visitor posts before logging in.
const (
	sessionCookie = "chaperone_session"
	csrfCookie    = "chaperone_csrf"
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
)

// session is who is making a request and the CSRF token their forms carry.
type session struct {
	User  *market.User // nil for a visitor
	Token string       // the session token; empty for a visitor
	CSRF  string
	anon  string // the pre-session cookie's value, if any
}

// session reads the request's cookies. An unknown or revoked session
// token is dropped (its cookie cleared) and the request goes on as a
// visitor's, who gets a pre-session cookie for the login form's CSRF
// token.
func (u *UI) session(w http.ResponseWriter, r *http.Request) (*session, error) {
	s := &session{}
	if c, err := r.Cookie(csrfCookie); err == nil {
		s.anon = c.Value
	}
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		usr, err := u.svc.Authenticate(r.Context(), c.Value)
		switch {
		case err == nil:
			s.User, s.Token = usr, c.Value
			s.CSRF = csrfToken("csrf:", c.Value)
			return s, nil
		case market.ErrorCode(err) == market.Internal:
			return s, err
		default:
			clearCookie(w, r, sessionCookie)
		}
	}
	if s.anon == "" {
		var b [32]byte
		rand.Read(b[:])
		s.anon = hex.EncodeToString(b[:])
		setCookie(w, r, csrfCookie, s.anon)
	}
	s.CSRF = csrfToken("csrf-anon:", s.anon)
	return s, nil
}

// csrfToken derives a form token from a secret the attacker cannot read:
// the session token, or the pre-session cookie. Hashing keeps the session
// token itself out of the page.
func csrfToken(prefix, secret string) string {
	h := sha256.Sum256([]byte(prefix + secret))
	return hex.EncodeToString(h[:])
}

// checkCSRF refuses a state-changing request whose token (form field or
// htmx header) matches neither the session's nor the pre-session
// cookie's: a form posted from another site cannot know either.
func checkCSRF(r *http.Request, s *session) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	got := r.Header.Get(csrfHeader)
	if got == "" {
		got = r.PostFormValue(csrfField)
	}
	var want []string
	if s.Token != "" {
		want = append(want, csrfToken("csrf:", s.Token))
	}
	if s.anon != "" {
		want = append(want, csrfToken("csrf-anon:", s.anon))
	}
	for _, w := range want {
		if got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(w)) == 1 {
			return nil
		}
	}
	return market.Errorf(market.Forbidden, "This form has expired or was sent from another site. Go back, reload the page and try again.")
}

// maxFormBytes bounds a form body: the longest text a user may write is
// market.MaxTextBytes, and a form carries a few of them.
const maxFormBytes = 4*market.MaxTextBytes + 8192

// secure reports whether the visitor reached us over TLS, directly or
// through a proxy that says so, so that cookies are not sent in clear.
func secure(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// setCookie sets a session-long cookie that scripts cannot read and other
// sites' forms do not send (SameSite=Lax still sends it on top-level
// links, so a shared job link opens logged in).
func setCookie(w http.ResponseWriter, r *http.Request, name, value string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: secure(r), SameSite: http.SameSiteLaxMode})
}

func clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: secure(r), SameSite: http.SameSiteLaxMode})
}
