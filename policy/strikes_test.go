package policy

import (
	"strings"
	"testing"
	"time"
)

func TestStanding(t *testing.T) {
	p := Default()
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	ago := func(d ...time.Duration) []time.Time {
		var ts []time.Time
		for _, x := range d {
			ts = append(ts, now.Add(-x))
		}
		return ts
	}
	tests := []struct {
		name    string
		strikes []time.Time
		level   Level
		count   int
		until   bool
	}{
		{"none", nil, Good, 0, false},
		{"one", ago(day), Notice, 1, false},
		{"two", ago(2*day, day), Warning, 2, false},
		{"three, restricted for a week", ago(3*day, 2*day, day), Restricted, 3, true},
		{"three, the week is over", ago(20*day, 15*day, 8*day), Warning, 3, false},
		{"four", ago(4*day, 3*day, 2*day, day), Suspended, 4, false},
		{"old strikes decay", ago(100*day, 95*day, 91*day, day), Notice, 1, false},
		{"future strikes do not count", []time.Time{now.Add(day)}, Good, 0, false},
	}
	for _, tt := range tests {
		st := p.Standing(tt.strikes, now)
		if st.Level != tt.level || st.Strikes != tt.count || (st.Until != nil) != tt.until {
			t.Errorf("%s: Standing = %+v, want level %s, %d strikes, until %v", tt.name, st, tt.level, tt.count, tt.until)
		}
		if tt.until && !st.Until.Equal(now.Add(-day).Add(7*day)) {
			t.Errorf("%s: until %v, want 7 days after the third strike", tt.name, st.Until)
		}
		if (st.Level == Good) != (st.Message == "") {
			t.Errorf("%s: level %s with message %q", tt.name, st.Level, st.Message)
		}
	}
}

func TestStrikesSection(t *testing.T) {
	const rules = "rules:\n  - {id: a, action: allow}\n"
	p, err := Load("s.yaml", []byte("version: 1\n"+rules))
	if err != nil {
		t.Fatal(err)
	}
	if p.StrikeDecay() != 90*24*time.Hour || len(p.File().Strikes.Ladder) != 4 {
		t.Errorf("a file without strikes got decay %v and %d steps, want the default ladder", p.StrikeDecay(), len(p.File().Strikes.Ladder))
	}
	p, err = Load("s.yaml", []byte("version: 1\nstrikes:\n  decay_days: 30\n  ladder:\n    - {strikes: 2, level: suspended}\n"+rules))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if st := p.Standing([]time.Time{now.Add(-time.Hour)}, now); st.Level != Good {
		t.Errorf("one strike under a ladder starting at two: %+v", st)
	}
	if st := p.Standing([]time.Time{now.Add(-40 * 24 * time.Hour), now.Add(-time.Hour), now.Add(-time.Minute)}, now); st.Level != Suspended || st.Strikes != 2 {
		t.Errorf("two recent strikes, 30-day decay: %+v", st)
	}
	_, err = Load("s.yaml", []byte("version: 1\nstrikes:\n  decay_days: -1\n  ladder:\n    - {strikes: 2, level: notice}\n    - {strikes: 2, level: banned}\n    - {strikes: 3, level: restricted}\n"+rules))
	for _, want := range []string{"s.yaml:3: decay_days", "s.yaml:6: step 2: strikes must", `s.yaml:6: step 2: unknown level "banned"`, "s.yaml:7: step 3: days is required"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("bad strikes section: error %v, want %q", err, want)
		}
	}
}
