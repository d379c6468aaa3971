package web

import (
	"net/http"
	"testing"
)

// TestLists checks the lists the pages show, through the API: the
// contracts between two sides, a job's proposals, a user's reviews and the
// caller's own cases.
func TestLists(t *testing.T) {
	w := newWorld(t)

	// Contracts, seen from both sides.
	contract := w.startContract(w.ord, w.ana)
	for _, c := range []struct {
		who  user
		with string
	}{{w.ord, w.ana.ID}, {w.ana, w.ord.ID}} {
		r := w.want(http.StatusOK, "GET", "/api/contracts?with="+c.with, c.who.Token, nil)
		cs := r.Body["contracts"].([]any)
		if len(cs) != 1 || get(cs[0], "id") != contract || get(cs[0], "state") != "active" || get(cs[0], "accepted_at") == nil {
			t.Fatalf("GET /api/contracts?with= as %s = %s, want the active contract", c.who.ID, r.Raw)
		}
	}
	r := w.want(http.StatusOK, "GET", "/api/contracts?with="+w.ana.ID, w.ent.Token, nil)
	if len(r.Body["contracts"].([]any)) != 0 {
		t.Fatalf("another organisation's contracts = %s, want none", r.Raw)
	}
	w.want(http.StatusBadRequest, "GET", "/api/contracts", w.ord.Token, nil)
	w.want(http.StatusBadRequest, "GET", "/api/contracts?with="+w.ent.ID, w.ord.Token, nil)
	w.want(http.StatusBadRequest, "GET", "/api/contracts?with=no%20such", w.ord.Token, nil)
	w.want(http.StatusForbidden, "GET", "/api/contracts?with="+w.ana.ID, w.mod.Token, nil)

	// Proposals, for the job's client only.
	job := w.want(http.StatusCreated, "POST", "/api/jobs", w.ord.Token, map[string]any{"title": "Logo", "description": "A logo for a shop."}).Body["id"].(string)
	p := w.want(http.StatusCreated, "POST", "/api/jobs/"+job+"/proposals", w.ana.Token, map[string]any{"cover_letter": "I design logos."}).Body["id"]
	r = w.want(http.StatusOK, "GET", "/api/jobs/"+job+"/proposals", w.ord.Token, nil)
	ps := r.Body["proposals"].([]any)
	if len(ps) != 1 || get(ps[0], "id") != p || get(ps[0], "cover_letter") != "I design logos." || get(ps[0], "freelancer_id") != w.ana.ID {
		t.Fatalf("GET /api/jobs/{id}/proposals = %s, want Ana's proposal", r.Raw)
	}
	w.want(http.StatusNotFound, "GET", "/api/jobs/"+job+"/proposals", w.ent.Token, nil)
	w.want(http.StatusNotFound, "GET", "/api/jobs/"+job+"/proposals", w.ana.Token, nil)

	// Reviews, public.
	w.want(http.StatusOK, "POST", "/api/contracts/"+contract+"/end", w.ord.Token, nil)
	w.want(http.StatusCreated, "POST", "/api/contracts/"+contract+"/reviews", w.ord.Token, map[string]any{"rating": 5, "text": "Great work."})
	r = w.want(http.StatusOK, "GET", "/api/users/"+w.ana.ID+"/reviews", "", nil)
	rs := r.Body["reviews"].([]any)
	if len(rs) != 1 || get(rs[0], "text") != "Great work." || get(rs[0], "rating") != 5.0 || get(rs[0], "author_id") != w.ord.ID {
		t.Fatalf("GET /api/users/{id}/reviews = %s, want the review of Ana", r.Raw)
	}
	r = w.want(http.StatusOK, "GET", "/api/users/"+w.ord.ID+"/reviews", "", nil)
	if len(r.Body["reviews"].([]any)) != 0 {
		t.Fatalf("reviews of a user nobody reviewed = %s, want none", r.Raw)
	}

	// The caller's own cases: the flag case of a strike, then the appeal.
	th := w.thread(w.ord, w.ana)
	w.send(http.StatusUnprocessableEntity, w.ana, th, payment)
	strikes := w.want(http.StatusOK, "GET", "/api/strikes", w.ana.Token, nil).Body["strikes"].([]any)
	if len(strikes) != 1 {
		t.Fatalf("%d strikes, want 1", len(strikes))
	}
	w.want(http.StatusCreated, "POST", "/api/appeals", w.ana.Token, map[string]any{"strike_id": get(strikes[0], "id"), "text": "A quote."})
	r = w.want(http.StatusOK, "GET", "/api/cases", w.ana.Token, nil)
	cs := r.Body["cases"].([]any)
	if len(cs) != 2 || get(cs[0], "kind") != "flag" || get(cs[1], "kind") != "appeal" || get(cs[1], "status") != "open" ||
		get(cs[1], "decision.id") != get(strikes[0], "decision_id") {
		t.Fatalf("GET /api/cases = %s, want the flag case and the open appeal", r.Raw)
	}
	r = w.want(http.StatusOK, "GET", "/api/cases", w.ord.Token, nil)
	if len(r.Body["cases"].([]any)) != 0 {
		t.Fatalf("another user's cases = %s, want none", r.Raw)
	}
}

// TestRefusedField checks that the 422 of a write of several texts names
// the refused field, and that of one text does not.
func TestRefusedField(t *testing.T) {
	w := newWorld(t)
	for _, c := range []struct {
		method, path string
		who          user
		body         map[string]any
		field        any
	}{
		{"POST", "/api/jobs", w.ord, map[string]any{"title": "Logo", "description": phone}, "description"},
		{"POST", "/api/jobs", w.ord, map[string]any{"title": phone, "description": "A logo."}, "title"},
		{"PUT", "/api/profile", w.ana, map[string]any{"title": "Designer", "overview": email}, "overview"},
		{"PUT", "/api/profile", w.ana, map[string]any{"title": email, "overview": "Logos."}, "title"},
		{"PUT", "/api/org", w.ord, map[string]any{"name": "Shop sales@smallshop.com"}, nil},
	} {
		r := w.want(http.StatusUnprocessableEntity, c.method, c.path, c.who.Token, c.body)
		if r.Body["action"] != "block" || r.Body["id"] == nil || r.Body["field"] != c.field {
			t.Errorf("%s %s %v = %s, want a block with field %v", c.method, c.path, c.body, r.Raw, c.field)
		}
	}
}
