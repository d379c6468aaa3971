package market

import (
	"context"
	"strings"
)

// Orgs lists every organisation and its plan, for an admin.
func (s *Service) Orgs(ctx context.Context, actor *User) ([]Org, error) {
	if actor.Role != RoleAdmin {
		return nil, Errorf(Forbidden, "only an admin lists organisations")
	}
	orgs, err := s.store.Orgs(ctx)
	if err != nil {
		return nil, s.fail(err, "orgs")
	}
	return orgs, nil
}

// SearchFreelancers returns freelancer profiles matching q, newest first.
func (s *Service) SearchFreelancers(ctx context.Context, q string, limit int) ([]Profile, error) {
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	if len(q) > MaxTitleBytes {
		return nil, Errorf(Invalid, "q: at most %d bytes", MaxTitleBytes)
	}
	ps, err := s.store.SearchProfiles(ctx, strings.TrimSpace(q), limit)
	if err != nil {
		return nil, s.fail(err, "search profiles")
	}
	return ps, nil
}

// UserCases returns the cases about a user, oldest first, for a moderator
// weighing that user's history.
func (s *Service) UserCases(ctx context.Context, actor *User, userID string) ([]Case, error) {
	if !isStaff(actor) {
		return nil, Errorf(Forbidden, "only moderators see cases")
	}
	cs, err := s.store.Cases(ctx, CaseFilter{UserID: userID, Limit: 200})
	if err != nil {
		return nil, s.fail(err, "cases")
	}
	return cs, nil
}

// MyCases returns the actor's own cases about their strikes, oldest first:
// their appeals, under appeal or decided, and the flag cases that gave
// them a strike. A flag case that gave no strike stays with the
// moderators, and the moderator who resolved a case is not named.
func (s *Service) MyCases(ctx context.Context, actor *User) ([]Case, error) {
	cs, err := s.store.Cases(ctx, CaseFilter{UserID: actor.ID})
	if err != nil {
		return nil, s.fail(err, "cases")
	}
	mine := []Case{}
	for _, c := range cs {
		if c.Kind == CaseAppeal || c.StrikeID != "" {
			c.ResolverID = ""
			mine = append(mine, c)
		}
	}
	return mine, nil
}

// Case returns one case, for a moderator.
func (s *Service) Case(ctx context.Context, actor *User, id string) (*Case, error) {
	if !isStaff(actor) {
		return nil, Errorf(Forbidden, "only moderators see cases")
	}
	c, err := s.store.Case(ctx, id)
	if err != nil {
		return nil, s.fail(err, "case")
	}
	return c, nil
}

// MaxArticleBytes bounds the name of a help article a vote is about.
const MaxArticleBytes = 64

// VoteHelpful records whether a reader (actor may be nil for a visitor)
// found a help article helpful, and returns the new tally.
func (s *Service) VoteHelpful(ctx context.Context, actor *User, article string, helpful bool) (HelpTally, error) {
	if article == "" || len(article) > MaxArticleBytes || strings.ContainsAny(article, " /\\") {
		return HelpTally{}, Errorf(Invalid, "article: a short name")
	}
	v := HelpVote{Article: article, Helpful: helpful, CreatedAt: s.clock()}
	if actor != nil {
		v.UserID = actor.ID
	}
	if err := s.store.AddHelpVote(ctx, v); err != nil {
		return HelpTally{}, s.fail(err, "help vote")
	}
	return s.HelpTally(ctx, article)
}

// HelpTally counts the votes on a help article.
func (s *Service) HelpTally(ctx context.Context, article string) (HelpTally, error) {
	t, err := s.store.HelpVotes(ctx, article)
	if err != nil {
		return HelpTally{}, s.fail(err, "help votes")
	}
	return t, nil
}
