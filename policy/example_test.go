package policy_test

import (
	"fmt"

	"github.com/chaperone-dev/chaperone/detect"
	"github.com/chaperone-dev/chaperone/policy"
)

func Example() {
	det, err := detect.New(detect.Options{})
	if err != nil {
		panic(err)
	}
	p := policy.Default()
	text := "Happy to help! Email me: ana dot lima at gmail dot com"

	// A freelancer writes to an ordinary client before any contract.
	ctx := policy.Context{Channel: policy.Message, Sender: policy.Freelancer, Contract: policy.NoContract}
	d, err := p.Check(det, ctx, text)
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Action, d.Flag)
	for _, r := range d.Reasons {
		fmt.Printf("  %s %s: %s\n", r.Kind, r.Action, r.Rule)
	}
	fmt.Println(d.Redacted)

	// The same words to a client on the Enterprise plan.
	ctx.Enterprise = true
	d, _ = p.Check(det, ctx, text)
	fmt.Println(d.Action, d.Flag)
	// Output:
	// block true
	//   contact_request warn: private-request
	//   email block: private-contact-disguised
	// Happy to help! Email me: [contact details hidden]
	// allow false
}

func ExampleLoad() {
	_, err := policy.Load("mine.yaml", []byte(`version: 1
rules:
  - id: no-phones
    when: {kind: [phone, fax]}
    action: block
`))
	fmt.Println(err)
	// Output:
	// mine.yaml:4: rule "no-phones": unknown kind "fax" (one of email, phone, handle, meeting_link, payment_account, url, contact_request, meeting_request, payment_request)
	// mine.yaml:5: rule "no-phones": a rule that can block needs a reason or a notice: the sender must be told why
}
