package eval

import (
	"os"
	"testing"

	"github.com/chaperone-dev/chaperone/detect"
)

// heldoutIntentsFile is a labelled set of intent messages written apart
// from the dev corpus the intent rules were tuned on: new phrasings and
// slang in all seventeen languages, and hard negatives (refusals, reported
// speech, quotations, calls and payments on the platform, skill and
// product talk, "zoom in", "pay attention", a function call, job-post duty
// lists, customers paying via Stripe).
const heldoutIntentsFile = "../../testdata/heldout/intents.jsonl"

// heldoutIntentKinds are the three intent kinds the set is scored on;
// identifiers a message also contains are in its also_ok.
var heldoutIntentKinds = []string{"contact_request", "meeting_request", "payment_request"}

// Thresholds for the held-out intents: a small margin below the scores
// reached when the set was last extended (micro precision and recall
// 1.000), so that a rule change that loses a sentence family fails here.
// Per kind the bar is the acceptance target (precision 0.93, recall 0.90).
const (
	heldoutIntentsMinPrecision     = 0.97
	heldoutIntentsMinRecall        = 0.97
	heldoutIntentsMinKindPrecision = 0.93
	heldoutIntentsMinKindRecall    = 0.90
	heldoutIntentsMaxClean         = 0.02
)

func TestHeldoutIntents(t *testing.T) {
	f, err := os.Open(heldoutIntentsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, errs := Load(f)
	for _, e := range errs {
		t.Errorf("%s: %v", heldoutIntentsFile, e)
	}
	if len(cases) < 150 {
		t.Fatalf("%s: %d cases, want at least 150", heldoutIntentsFile, len(cases))
	}
	d, err := detect.New(detect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := mustDetect(t, d, cases)
	rep := Score(cases, found, heldoutIntentKinds)
	p, r, c := rep.Micro.Precision(), rep.Micro.Recall(), rep.CleanRate()
	t.Logf("held-out intents: precision %.3f, recall %.3f, clean flagged %.2f%% (%d cases)", p, r, 100*c, rep.Cases)
	failed := false
	if p < heldoutIntentsMinPrecision || r < heldoutIntentsMinRecall || c > heldoutIntentsMaxClean {
		t.Errorf("held-out intents: precision %.3f (min %.2f), recall %.3f (min %.2f), clean flagged %.3f (max %.2f)",
			p, heldoutIntentsMinPrecision, r, heldoutIntentsMinRecall, c, heldoutIntentsMaxClean)
		failed = true
	}
	for _, k := range heldoutIntentKinds {
		kc := rep.PerKind[k]
		if kp, kr := kc.Precision(), kc.Recall(); kp < heldoutIntentsMinKindPrecision || kr < heldoutIntentsMinKindRecall {
			t.Errorf("held-out intents: %s precision %.3f (min %.2f), recall %.3f (min %.2f)",
				k, kp, heldoutIntentsMinKindPrecision, kr, heldoutIntentsMinKindRecall)
			failed = true
		}
	}
	if failed {
		for _, e := range rep.Errors {
			t.Logf("%s (line %d) missed %v, extra %v: %q", e.Case.ID, e.Case.Line, e.Missed, e.Extra, e.Case.Text)
		}
	}
}
