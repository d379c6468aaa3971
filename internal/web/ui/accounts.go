package ui

import (
	"net/http"
	"strings"

	"github.com/chaperone-dev/chaperone/internal/market"
)

// HomePage is the data of the home page.
type HomePage struct {
	Base
}

func (u *UI) home(w http.ResponseWriter, r *http.Request, s *session) error {
	u.render(w, r, http.StatusOK, "home", HomePage{Base: s.base("Chaperone marketplace", "home")})
	return nil
}

// SignupPage is the data of the sign-up form; it keeps what was typed,
// except the password, when the form comes back with an error.
type SignupPage struct {
	Base
	Email, Name, Role, Org string
	Error                  string
	// MinPassword and MaxPassword are the Service's limits, so the form's
	// own checks never disagree with it.
	MinPassword, MaxPassword int
}

func (s *session) signupPage() SignupPage {
	return SignupPage{Base: s.base("Sign up", "signup"), MinPassword: market.MinPassword, MaxPassword: market.MaxPassword}
}

func (u *UI) signupForm(w http.ResponseWriter, r *http.Request, s *session) error {
	role := r.URL.Query().Get("role")
	if role != string(market.RoleClient) {
		role = string(market.RoleFreelancer)
	}
	p := s.signupPage()
	p.Role = role
	u.render(w, r, http.StatusOK, "signup", p)
	return nil
}

func (u *UI) signup(w http.ResponseWriter, r *http.Request, s *session) error {
	in := market.SignupInput{
		Email:    strings.TrimSpace(r.PostFormValue("email")),
		Password: r.PostFormValue("password"),
		Name:     strings.TrimSpace(r.PostFormValue("name")),
		Role:     market.Role(r.PostFormValue("role")),
	}
	if in.Role == market.RoleClient {
		in.Org = strings.TrimSpace(r.PostFormValue("org"))
	}
	_, token, err := u.svc.Signup(r.Context(), in)
	if err != nil {
		if code := market.ErrorCode(err); code != market.Invalid && code != market.Conflict {
			return err
		}
		msg := market.ErrorMessage(err)
		if market.ErrorCode(err) == market.Conflict {
			msg = "An account with this email exists already. Log in instead."
		}
		p := s.signupPage()
		p.Email, p.Name, p.Role, p.Org, p.Error = in.Email, in.Name, string(in.Role), in.Org, msg
		u.render(w, r, statusOf[market.ErrorCode(err)], "signup", p)
		return nil
	}
	u.startSession(w, r, s, token)
	return redirect(w, r, "/")
}

// LoginPage is the data of the login form.
type LoginPage struct {
	Base
	Email string
	Next  string // where to go after logging in
	Error string
}

func (u *UI) loginForm(w http.ResponseWriter, r *http.Request, s *session) error {
	u.render(w, r, http.StatusOK, "login", LoginPage{Base: s.base("Log in", "login"), Next: localPath(r.URL.Query().Get("next"))})
	return nil
}

func (u *UI) login(w http.ResponseWriter, r *http.Request, s *session) error {
	email, next := strings.TrimSpace(r.PostFormValue("email")), localPath(r.PostFormValue("next"))
	token, _, err := u.svc.Login(r.Context(), email, r.PostFormValue("password"))
	if market.ErrorCode(err) == market.Unauthorized {
		u.render(w, r, http.StatusUnauthorized, "login", LoginPage{Base: s.base("Log in", "login"), Email: email, Next: next, Error: "Wrong email or password."})
		return nil
	}
	if err != nil {
		return err
	}
	u.startSession(w, r, s, token)
	return redirect(w, r, next)
}

// startSession sets the session cookie to a token the Service has just
// issued, and revokes the one the browser had: every login gets a new
// token, so a token planted in the browser before login (session
// fixation) is worth nothing after it.
func (u *UI) startSession(w http.ResponseWriter, r *http.Request, s *session, token string) {
	if s.Token != "" && s.Token != token {
		if err := u.svc.Logout(r.Context(), s.Token); err != nil {
			u.log.WarnContext(r.Context(), "ui: revoke previous session", "err", err)
		}
	}
	setCookie(w, r, sessionCookie, token)
}

func (u *UI) logout(w http.ResponseWriter, r *http.Request, s *session) error {
	if err := u.svc.Logout(r.Context(), s.Token); err != nil {
		return err
	}
	clearCookie(w, r, sessionCookie)
	return redirect(w, r, "/")
}
