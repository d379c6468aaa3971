package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"

	"github.com/chaperone-dev/chaperone/detect"
	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/policy"
)

// The stateless engine: the shapes of `chaperone scan` and `chaperone
// check`, one object in, one out. They use the Service's detector and
// policy, store nothing and need no login.

// scanRequest is a line of `chaperone scan`, with kinds to keep and the
// thread's earlier messages in place of its "thread".
type scanRequest struct {
	ID      json.RawMessage `json:"id,omitempty"`
	Text    string          `json:"text" required:"true"`
	Kinds   []string        `json:"kinds"`
	Earlier []string        `json:"earlier"`
}

type scanResponse struct {
	ID       json.RawMessage  `json:"id,omitempty"`
	Findings []detect.Finding `json:"findings"`
}

// engineCheckRequest is a line of `chaperone check`.
type engineCheckRequest struct {
	ID      json.RawMessage `json:"id,omitempty"`
	Text    string          `json:"text" required:"true"`
	Context *policy.Context `json:"context" required:"true"`
	Earlier []string        `json:"earlier"`
}

type engineCheckResponse struct {
	ID json.RawMessage `json:"id,omitempty"`
	policy.Decision
}

func (s *Server) scan(w http.ResponseWriter, r *http.Request) error {
	var in scanRequest
	if err := decodeJSON(w, r, MaxEngineBodyBytes, &in); err != nil {
		return err
	}
	keep := make([]detect.Kind, 0, len(in.Kinds))
	for _, name := range in.Kinds {
		k, ok := detect.ParseKind(name)
		if !ok {
			return invalid("kinds: unknown kind %q; the kinds are %v", name, detect.AllKinds)
		}
		keep = append(keep, k)
	}
	findings, err := s.scanText(in.Text, in.Earlier)
	if err != nil {
		return err
	}
	if len(keep) > 0 {
		findings = slices.DeleteFunc(findings, func(f detect.Finding) bool { return !slices.Contains(keep, f.Kind) })
	}
	writeJSON(w, http.StatusOK, scanResponse{ID: in.ID, Findings: nonNil(findings)})
	return nil
}

func (s *Server) engineCheck(w http.ResponseWriter, r *http.Request) error {
	var in engineCheckRequest
	if err := decodeJSON(w, r, MaxEngineBodyBytes, &in); err != nil {
		return err
	}
	pol := s.svc.Policy()
	if err := pol.Validate(*in.Context); err != nil {
		return invalid("context: %v", err)
	}
	findings, err := s.scanText(in.Text, in.Earlier)
	if err != nil {
		return err
	}
	d, err := pol.Decide(*in.Context, in.Text, findings)
	if err != nil {
		return &market.Error{Code: market.Internal, Message: "internal error", Err: err}
	}
	d.Detector = s.svc.Detector().Version()
	s.countDecision(d)
	writeJSON(w, http.StatusOK, engineCheckResponse{ID: in.ID, Decision: d})
	return nil
}

// scanText scans text as the next message after earlier ones (only the
// last detect.WindowMessages matter), counting the bytes scanned.
func (s *Server) scanText(text string, earlier []string) ([]detect.Finding, error) {
	det := s.svc.Detector()
	if len(earlier) > detect.WindowMessages {
		earlier = earlier[len(earlier)-detect.WindowMessages:]
	}
	var findings []detect.Finding
	var err error
	if len(earlier) == 0 {
		findings, err = det.Scan(text)
	} else {
		conv := det.NewConversation()
		for _, m := range earlier {
			if _, err := conv.Scan(m); err != nil {
				return nil, scanError("earlier", err)
			}
		}
		findings, err = conv.Scan(text)
	}
	if err != nil {
		return nil, scanError("text", err)
	}
	s.countScanned(earlier...)
	s.countScanned(text)
	return findings, nil
}

// scanError says why the detector refused a field.
func scanError(field string, err error) error {
	if errors.Is(err, detect.ErrTooLarge) {
		return market.Errorf(codeTooLarge, "%s: larger than the detector accepts (%d bytes by default)", field, detect.DefaultMaxBytes)
	}
	return invalid("%s: %v", field, err)
}
