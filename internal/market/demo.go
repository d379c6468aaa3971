package market

import (
	"context"
	"fmt"
)

// DemoPassword is the password of every demo account.
const DemoPassword = "demo-password"

// DemoLogin is an account Seed created, for the server to print.
type DemoLogin struct {
	Email string
	Role  Role
	What  string
}

// Seed fills an empty marketplace with demo data, written through the
// Service like any user's (so the policy decides every text and the
// moderation queue has cases): an Enterprise client and an ordinary one,
// freelancers with profiles, job posts, threads with allowed, warned and
// refused messages, a contract, and a moderator. admin changes the plan.
// It does nothing when demo accounts exist already.
func (s *Service) Seed(ctx context.Context, admin *User) ([]DemoLogin, error) {
	if _, err := s.store.UserByEmail(ctx, "erin@northwind.example"); err == nil {
		return nil, nil
	} else if ErrorCode(err) != NotFound {
		return nil, s.fail(err, "seed")
	}
	var logins []DemoLogin
	signup := func(email, name string, role Role, org, what string) (*User, error) {
		u, _, err := s.Signup(ctx, SignupInput{Email: email, Password: DemoPassword, Name: name, Role: role, Org: org})
		if err != nil {
			return nil, fmt.Errorf("seed %s: %w", email, err)
		}
		logins = append(logins, DemoLogin{Email: email, Role: role, What: what})
		return u, nil
	}
	erin, err := signup("erin@northwind.example", "Erin Walsh", RoleClient, "Northwind Traders", "client, Enterprise plan")
	if ErrorCode(err) == Conflict {
		return nil, nil // another replica is seeding the same database
	} else if err != nil {
		return nil, err
	}
	carl, err := signup("carl@acme.example", "Carl Diaz", RoleClient, "Acme Studio", "client, basic plan")
	if err != nil {
		return nil, err
	}
	ana, err := signup("ana@freelancer.example", "Ana Lima", RoleFreelancer, "", "freelancer, designer")
	if err != nil {
		return nil, err
	}
	ravi, err := signup("ravi@freelancer.example", "Ravi Kumar", RoleFreelancer, "", "freelancer, Go developer")
	if err != nil {
		return nil, err
	}
	mei, err := signup("mei@freelancer.example", "Mei Chen", RoleFreelancer, "", "freelancer, front-end developer")
	if err != nil {
		return nil, err
	}
	if _, err := s.EnsureStaff(ctx, "mod@chaperone.example", DemoPassword, "Morgan Reyes", RoleModerator); err != nil {
		return nil, fmt.Errorf("seed moderator: %w", err)
	}
	logins = append(logins, DemoLogin{Email: "mod@chaperone.example", Role: RoleModerator, What: "moderator"})
	if _, err := s.SetPlan(ctx, admin, erin.OrgID, Enterprise); err != nil {
		return nil, fmt.Errorf("seed plan: %w", err)
	}

	steps := []func() error{
		func() error {
			_, _, err := s.PutProfile(ctx, ana, ProfileInput{Title: "Brand and UI designer", Overview: "Eight years of brand identities, design systems and product UI in Figma. I work in milestones and share progress every week."})
			return err
		},
		func() error {
			_, _, err := s.PutProfile(ctx, ravi, ProfileInput{Title: "Senior Go engineer", Overview: "Backend services in Go and PostgreSQL: payments, queues, observability. Ten years, remote since 2018."})
			return err
		},
		func() error {
			_, _, err := s.PutProfile(ctx, mei, ProfileInput{Title: "React and TypeScript developer", Overview: "Fast, accessible front ends. I can take a Figma file to a tested React app."})
			return err
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("seed profile: %w", err)
		}
	}
	goJob, _, err := s.CreateJob(ctx, erin, JobInput{Title: "Senior Go engineer for a payments API", Description: "We are moving our payments API to Go. You will design the ledger service and its PostgreSQL schema with our team.", Budget: "$90/hour"})
	if err != nil {
		return nil, fmt.Errorf("seed job: %w", err)
	}
	logoJob, _, err := s.CreateJob(ctx, carl, JobInput{Title: "Logo and brand refresh", Description: "Our studio needs a new logo, a colour palette and a one-page brand guide.", Budget: "$1,500 fixed"})
	if err != nil {
		return nil, fmt.Errorf("seed job: %w", err)
	}
	if _, _, err := s.CreateJob(ctx, carl, JobInput{Title: "Landing page in React", Description: "A fast landing page for our new product, from an existing Figma design.", Budget: "$2,400 fixed"}); err != nil {
		return nil, fmt.Errorf("seed job: %w", err)
	}
	// A job post that tries to put an email in public: refused, recorded.
	s.CreateJob(ctx, erin, JobInput{Title: "Data engineer", Description: "Send your CV to hiring@northwind-traders.com"})

	// Enterprise: contact details may go both ways in private.
	t1, err := s.OpenThread(ctx, erin, ravi.ID, goJob.ID)
	if err != nil {
		return nil, fmt.Errorf("seed thread: %w", err)
	}
	for _, m := range []struct {
		u    *User
		text string
	}{
		{erin, "Hi Ravi, your profile fits our payments project. Can we do a first interview this week?"},
		{ravi, "Happy to! What's your email? I'll send you my availability."},
		{erin, "erin.walsh@northwind-traders.com — or join us on Zoom: https://zoom.us/j/5551234567"},
	} {
		if _, _, err := s.SendMessage(ctx, m.u, t1.ID, m.text); err != nil {
			return nil, fmt.Errorf("seed message: %w", err)
		}
	}
	// Basic plan, no contract: a request is warned, details refused.
	t2, err := s.OpenThread(ctx, carl, ana.ID, logoJob.ID)
	if err != nil {
		return nil, fmt.Errorf("seed thread: %w", err)
	}
	s.SendMessage(ctx, carl, t2.ID, "Hi Ana, I love your portfolio. Could you share a rough timeline for the logo?")
	s.SendMessage(ctx, ana, t2.ID, "Thanks Carl! About two weeks. Do you have WhatsApp? It's easier to talk there.")
	s.SendMessage(ctx, ana, t2.ID, "my number is nine one seven five five five zero one nine eight")
	s.SendMessage(ctx, carl, t2.ID, "Let's keep it here for now, I'll send an offer soon.")

	// A contract that has started: contact details are fine.
	c, err := s.OfferContract(ctx, carl, mei.ID, "", nil)
	if err != nil {
		return nil, fmt.Errorf("seed contract: %w", err)
	}
	if _, err := s.AcceptContract(ctx, mei, c.ID); err != nil {
		return nil, fmt.Errorf("seed contract: %w", err)
	}
	t3, err := s.OpenThread(ctx, carl, mei.ID, "")
	if err != nil {
		return nil, fmt.Errorf("seed thread: %w", err)
	}
	s.SendMessage(ctx, carl, t3.ID, "Welcome aboard, Mei! For urgent questions my phone is +1 415 555 0134.")
	s.SendMessage(ctx, mei, t3.ID, "Thanks! And pay me on paypal.me/meichen so we skip the fees?")
	s.SendMessage(ctx, mei, t3.ID, "Sorry, scratch that: I'll bill through the milestones.")
	return logins, nil
}
