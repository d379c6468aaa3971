package detect

import "testing"

// evasions are disguises users send to slip contact details and requests
// past filters, each of which the detector must still catch: the red-team
// table of the reliability work, grown from misses found in held-out
// batches and in review. Add every new miss here once it is fixed.
var evasions = []struct {
	text string
	kind Kind
}{
	{"reach me: ana(dot)lima(at)gmail(dot)com", Email},
	{"ana [at] outlook [dot] com", Email},
	{"my mail is a n a . l i m a @ g m a i l . c o m", Email},
	{"аna.lima@gmаil.com", Email},
	{"ana.lima＠gmail．com", Email},
	{"ana​.lima@gma​il.com", Email},
	{"my gmail is ana.lima88", Email},
	{"ana lima at gmail dot com", Email},
	{"ana_lima arroba hotmail punto com", Email},
	{"ana.lima собака yandex точка ru", Email},
	{"ana.lima at the rate gmail dot com", Email},
	{"email me: ana.lima@gmail dot com", Email},
	{"call me nine one seven five five five zero one nine eight", Phone},
	{"my number: +1 (917) 555-0198", Phone},
	{"whatsapp +44 7911 123 456", Phone},
	{"9️⃣1️⃣7️⃣5️⃣5️⃣5️⃣0️⃣1️⃣9️⃣8️⃣ text me", Phone},
	{"my number is ９１７５５５０１９８", Phone},
	{"call 9-1-7-5-5-5-0-1-9-8", Phone},
	{"O7OO 9OO l23 is my cell", Phone},
	{"number: nine 1 seven five 5 five 0 one 9 eight", Phone},
	{"mera number hai nau ek saat paanch paanch paanch shunya ek nau aath", Phone},
	{"mi número es +34 612 34 56 78", Phone},
	{"call me at 917.555.0198", Phone},
	{"text me on +2348031234567", Phone},
	{"my cell is double nine one seven triple five zero one nine eight", Phone},
	{"add me on skype: live:ana.lima_88", Handle},
	{"my telegram is @analima88", Handle},
	{"tg: @ana_lima", Handle},
	{"t.me/analima", Handle},
	{"discord: analima#1234", Handle},
	{"insta @ana.lima.design", Handle},
	{"wa.me/19175550198", Handle},
	{"find me on linkedin.com/in/analima", Handle},
	{"my snap is ana.lima88", Handle},
	{"wechat id: analima88", Handle},
	{"join https://zoom.us/j/5551234567", MeetingLink},
	{"meet.google.com/abc-defg-hij", MeetingLink},
	{"book me at calendly.com/analima/30min", MeetingLink},
	{"zoom . us / j / 5551234567", MeetingLink},
	{"teams.microsoft.com/l/meetup-join/19%3ameeting_abc", MeetingLink},
	{"pay me at paypal.me/analima", PaymentAccount},
	{"venmo @ana-lima-88", PaymentAccount},
	{"cashapp $analima", PaymentAccount},
	{"my upi is analima@okaxis", PaymentAccount},
	{"IBAN DE89 3704 0044 0532 0130 00", PaymentAccount},
	{"btc bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", PaymentAccount},
	{"send usdt to 0x52908400098527886E0F7030069857D2E4169EE7", PaymentAccount},
	{"gcash 0917 555 0198", PaymentAccount},
	{"my paypal is ana dot lima at gmail dot com", PaymentAccount},
	{"hmu on wa", ContactRequest},
	{"what's your WhatsApp?", ContactRequest},
	{"lets move to tele", ContactRequest},
	{"drop ur digits", ContactRequest},
	{"can we talk outside Upwork?", ContactRequest},
	{"let's do the interview on Zoom instead", MeetingRequest},
	{"pay me by PayPal and we both skip the fees", PaymentRequest},
	{"apna whatsapp number do", ContactRequest},
	{"je peux vous payer directement par virement?", PaymentRequest},
	{"dm me on insta", ContactRequest},
	{"manda tu número por favor", ContactRequest},
	{"send me your email pls", ContactRequest},
}

// TestEvasions scans each disguise alone and inside ordinary chat, and
// wants the kind found there.
func TestEvasions(t *testing.T) {
	d := newTestDetector(t)
	for _, e := range evasions {
		for _, text := range []string{e.text, "Thanks for the brief! " + e.text + " — talk soon."} {
			fs, err := d.Scan(text)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range fs {
				found = found || f.Kind == e.kind
			}
			if !found {
				t.Errorf("Scan(%q) = %v, want a %s", text, fs, e.kind)
			}
		}
	}
}
