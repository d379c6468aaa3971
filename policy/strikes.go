package policy

import (
	"fmt"
	"slices"
	"time"
)

// Level is how far a user's standing has fallen from strikes.
type Level string

// The levels, from none to the most severe.
const (
	// Good is a user without strikes that count.
	Good Level = "good"
	// Notice and Warning only tell the user.
	Notice  Level = "notice"
	Warning Level = "warning"
	// Restricted users may only write in conversations with a contract
	// that has started, for the step's days after the strike that reached
	// it.
	Restricted Level = "restricted"
	// Suspended users may write nothing until a moderator reviews them.
	Suspended Level = "suspended"
)

// Levels lists the levels from least to most severe.
var Levels = []Level{Good, Notice, Warning, Restricted, Suspended}

// StrikeSpec is the strikes section of a policy file: how long a strike
// counts and what each count leads to.
type StrikeSpec struct {
	// DecayDays is how long a strike counts; 0 means 90.
	DecayDays int `yaml:"decay_days,omitempty" json:"decay_days,omitempty"`
	// Ladder lists the steps by increasing number of strikes.
	Ladder []StepSpec `yaml:"ladder,omitempty" json:"ladder,omitempty"`
}

// StepSpec is one step of the ladder: from Strikes strikes on, the user is
// at Level, for Days days when the level is restricted.
type StepSpec struct {
	Strikes int    `yaml:"strikes" json:"strikes"`
	Level   Level  `yaml:"level" json:"level"`
	Days    int    `yaml:"days,omitempty" json:"days,omitempty"`
	Message string `yaml:"message,omitempty" json:"message,omitempty"`
}

// defaultStrikes is the ladder of a policy file without a strikes section.
var defaultStrikes = StrikeSpec{DecayDays: 90, Ladder: []StepSpec{
	{Strikes: 1, Level: Notice, Message: "This message broke the marketplace's rules and counts as a strike for 90 days."},
	{Strikes: 2, Level: Warning, Message: "You have two strikes: one more restricts your account to existing contracts for a week."},
	{Strikes: 3, Level: Restricted, Days: 7, Message: "Your account is restricted to conversations with a started contract for 7 days."},
	{Strikes: 4, Level: Suspended, Message: "Your account is suspended until Trust & Safety reviews it."},
}}

// Standing is where a user stands after their strikes.
type Standing struct {
	// Strikes is how many strikes count now.
	Strikes int `json:"strikes"`
	// Level is the level those strikes lead to.
	Level Level `json:"level"`
	// Until is when a restriction ends; nil for the other levels.
	Until *time.Time `json:"until,omitempty"`
	// Message explains the level to the user; empty when Good.
	Message string `json:"message,omitempty"`
}

// StrikeDecay is how long a strike counts under the policy.
func (p *Policy) StrikeDecay() time.Duration {
	return time.Duration(p.src.Strikes.DecayDays) * 24 * time.Hour
}

// Standing returns where a user stands at now, given the times of their
// strikes that were not removed. Strikes older than StrikeDecay do not
// count. A restriction lasts its days from the strike that reached it;
// after that the user is at the step below.
func (p *Policy) Standing(strikes []time.Time, now time.Time) Standing {
	var counted []time.Time
	for _, t := range strikes {
		if !t.After(now) && now.Sub(t) < p.StrikeDecay() {
			counted = append(counted, t)
		}
	}
	slices.SortFunc(counted, func(a, b time.Time) int { return a.Compare(b) })
	st := Standing{Strikes: len(counted), Level: Good}
	ladder := p.src.Strikes.Ladder
	for i := len(ladder) - 1; i >= 0; i-- {
		step := ladder[i]
		if len(counted) < step.Strikes {
			continue
		}
		if step.Level == Restricted {
			until := counted[step.Strikes-1].Add(time.Duration(step.Days) * 24 * time.Hour)
			if !now.Before(until) {
				continue // the restriction is over: the step below applies
			}
			st.Until = &until
		}
		st.Level, st.Message = step.Level, step.Message
		break
	}
	return st
}

// compileStrikes checks the strikes section, filling in defaults.
func (c *compiler) compileStrikes(s *StrikeSpec) {
	if s.DecayDays == 0 && len(s.Ladder) == 0 {
		*s = defaultStrikes
		return
	}
	if s.DecayDays == 0 {
		s.DecayDays = defaultStrikes.DecayDays
	}
	if s.DecayDays < 0 || s.DecayDays > 3650 {
		c.problem("strikes.decay_days", "", "decay_days must be between 1 and 3650")
	}
	prev := 0
	for i, step := range s.Ladder {
		at := fmt.Sprintf("strikes.ladder.%d", i)
		if step.Strikes <= prev {
			c.problem(at, "", fmt.Sprintf("step %d: strikes must be at least 1 and increase along the ladder", i+1))
		}
		prev = step.Strikes
		if !slices.Contains(Levels[1:], step.Level) {
			c.problem(at, "", fmt.Sprintf("step %d: unknown level %q (one of %s)", i+1, step.Level, join(Levels[1:])))
		}
		if (step.Level == Restricted) != (step.Days > 0) {
			c.problem(at, "", fmt.Sprintf("step %d: days is required for restricted, and only for it", i+1))
		}
	}
}
