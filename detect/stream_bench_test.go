package detect

import "testing"

// streamMessages models a marketplace's message stream: mostly ordinary
// work talk, with contact details in about one message in twenty-five.
var streamMessages = []string{
	"Hi! Thanks for inviting me to the job. I've read the brief and have a few questions.",
	"How many screens does the onboarding flow have, roughly?",
	"About twelve, plus the settings pages.",
	"Got it. Do you already have a design system, or should I start one?",
	"We have a Figma library but it's outdated.",
	"No problem, I can refresh the components as part of milestone one.",
	"Sounds good. What's your availability next week?",
	"I'm free Monday to Thursday, about 30 hours in total.",
	"Perfect. I'll send the offer this afternoon.",
	"Offer accepted, thank you! Starting with the audit today.",
	"Quick update: the audit is done, I found 14 inconsistent button styles.",
	"Wow, that many? Please list them in the doc.",
	"Done, see the comments on page 3.",
	"Can we keep the brand blue but make it more accessible?",
	"Yes, I'll adjust the contrast to meet WCAG AA.",
	"The client wants dark mode too, is that a lot of extra work?",
	"It adds maybe two days; I can include it in milestone two.",
	"Great, let's do that.",
	"I've uploaded the first drafts to the shared folder.",
	"These look great. The spacing on the pricing page feels tight though.",
	"Agreed, I'll loosen it to an 8px grid.",
	"Also, can the CTA say \"Start free trial\" instead of \"Sign up\"?",
	"Sure, changed it in all three places.",
	"Milestone 1 approved and paid. Thanks for the fast turnaround!",
	"Thank you! Moving on to the dashboard screens now.",
	"For the charts, use the same palette as the marketing site.",
	"Will do. Should the tables be sortable?",
	"Yes, by date and amount at least.",
	"Noted. I'll prototype the interactions in Figma.",
	"The prototype link works, nice job on the transitions.",
	"I'm traveling on Friday, so I'll deliver the handoff files on Thursday.",
	"No rush, Monday is fine as well.",
	"Handoff done: specs, assets at 1x/2x/3x and the icon set.",
	"Developers say everything is clear. Closing the contract now.",
	"It was a pleasure working with you, I'll leave a review.",
	"Reach me at ana.lima.design@gmail.com if you prefer.",
	"Thanks, looking forward to the next project together.",
	"Budget for phase two is $2,400 over six weeks, starting 03/02.",
	"call me on +44 7700 900123 after 6pm",
	"Invoice 2024-118 is attached for your records.",
}

func BenchmarkScanStream(b *testing.B) { benchScan(b, streamMessages) }
