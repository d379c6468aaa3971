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
			fmt.Printf("%q: %s %q -> %s\n", msg, f.Kind, f.Text, f.Value)
		}
	}
	// Output:
	// "0148": phone "0148" -> +13125550148
}
