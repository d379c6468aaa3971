package detect_test

import (
	"fmt"

	"github.com/chaperone-dev/chaperone/detect"
)

func ExampleDetector_Scan() {
	d, err := detect.New(detect.Options{})
	if err != nil {
		panic(err)
	}
	text := "write to ana dot lima at gmail dot com"
	findings, err := d.Scan(text)
	if err != nil {
		panic(err)
	}
	for _, f := range findings {
		fmt.Printf("%s %q -> %s (disguised: %v)\n", f.Kind, text[f.Start:f.End], f.Value, f.Disguised)
	}
	// Output:
	// email "ana dot lima at gmail dot com" -> ana.lima@gmail.com (disguised: true)
}

func ExampleConversation_Scan() {
	d, _ := detect.New(detect.Options{})
	c := d.NewConversation()
	for _, msg := range []string{"my number is +1 (312) 555", "0148"} {
		findings, _ := c.Scan(msg)
		for _, f := range findings {
			fmt.Printf("%q: %s %q", msg, f.Kind, f.Text)
			if f.Value != "" {
				fmt.Printf(" -> %s", f.Value)
			}
			if f.Ref != nil {
				fmt.Printf(" (answers the %s %d message(s) back)", f.Ref.Kind, f.Ref.Back)
			}
			fmt.Println()
		}
	}
	// Output:
	// "my number is +1 (312) 555": contact_request "my number is"
	// "0148": phone "0148" -> +13125550148 (answers the contact_request 1 message(s) back)
}
