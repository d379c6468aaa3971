package ui_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chaperone-dev/chaperone/detect"
	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/internal/sqlite"
	"github.com/chaperone-dev/chaperone/internal/web"
	"github.com/chaperone-dev/chaperone/internal/web/ui"
	"github.com/chaperone-dev/chaperone/policy"
)

// The pages share a mux with the JSON API: no pattern may clash with the
// API's (ServeMux panics on a conflict), and none may use its prefixes.
func TestRoutesLiveBesideTheAPI(t *testing.T) {
	db, err := sqlite.Open(t.TempDir() + "/db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	det, err := detect.New(detect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := market.NewService(market.Config{Store: db, Detector: det, Policy: policy.Default(), PasswordCost: 4})
	u, err := ui.New(svc, nil)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	for _, p := range web.New(svc, nil).Routes() {
		mux.Handle(p, http.NotFoundHandler())
	}
	u.Register(mux) // panics on a conflict
	for _, p := range u.Routes() {
		for _, bad := range []string{" /api/", " /v1/", " /metrics", " /healthz", " /openapi.json"} {
			if strings.Contains(p, bad) {
				t.Errorf("page route %q uses the API's %q", p, bad)
			}
		}
	}
}
