package detect

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// intentCase is a message that must yield an intent finding of kind with
// exactly the text want (the trigger words as typed).
type intentCase struct {
	in   string
	kind Kind
	want string
}

// intentLanguages are the languages the issue asks for; each needs its
// tables below.
var intentLanguages = []string{"en", "es", "pt", "fr", "de", "it", "ru", "uk", "pl", "tr", "hi", "ur", "bn", "tl", "id", "vi", "ar"}

// TestIntentLanguages runs every language's table: each positive, alone
// and inside other text, yields its kind with its trigger words; no
// negative (refusals, reported speech, skill and product talk, calls
// and payments on the platform) yields an intent.
func TestIntentLanguages(t *testing.T) {
	d := newTestDetector(t)
	for _, lang := range intentLanguages {
		if n := len(intentPositives[lang]); n < 10 {
			t.Errorf("%s: %d positive cases, want at least 10", lang, n)
		}
		if n := len(intentNegatives[lang]); n < 10 {
			t.Errorf("%s: %d negative cases, want at least 10", lang, n)
		}
	}
	for lang, cases := range intentPositives {
		for _, tt := range cases {
			for _, in := range []string{tt.in, "hi, " + tt.in + " thanks"} {
				got, err := d.Scan(in)
				if err != nil {
					t.Fatal(err)
				}
				ok := false
				for _, f := range got {
					if f.Kind == tt.kind && f.Text == tt.want && f.Value == "" && f.Rule != "" {
						ok = true
					}
				}
				if !ok {
					t.Errorf("%s: Scan(%q) = %v, want %s %q", lang, in, got, tt.kind, tt.want)
				}
			}
		}
	}
	for lang, cases := range intentNegatives {
		for _, in := range cases {
			got, err := d.Scan(in)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range got {
				if isIntent(f.Kind) {
					t.Errorf("%s: Scan(%q) = %v, want no intent", lang, in, got)
				}
			}
		}
	}
}

// TestIntentConversationRefs checks that an identifier arriving after a
// request points at it, with the request's offsets in its own message.
func TestIntentConversationRefs(t *testing.T) {
	tests := []struct {
		name     string
		messages []string
		kind     Kind // of the identifier in the last message
		want     *Ref
	}{
		{"email after the ask", []string{"send me your email", "ana.lima@gmail.com"}, Email,
			&Ref{Back: 1, Kind: ContactRequest, Rule: "en.contact.ask_your", Start: 0, End: 18}},
		{"phone two messages later", []string{"ok let me give you my number", "one sec", "+1 312 555 0148"}, Phone,
			&Ref{Back: 2, Kind: ContactRequest, Rule: "en.contact.offer_my", Start: 10, End: 28}},
		{"meeting link", []string{"Upwork calls keep dropping, let's do the interview on Zoom instead", "zoom.us/j/81234567890"}, MeetingLink,
			&Ref{Back: 1, Kind: MeetingRequest, Rule: "en.meeting.on_tool", Start: 34, End: 58}},
		{"same message", []string{"my email is ana.lima@gmail.com"}, Email,
			&Ref{Back: 0, Kind: ContactRequest, Rule: "en.contact.my_is", Start: 0, End: 11}},
		{"no request before", []string{"thanks for the brief", "ana.lima@gmail.com"}, Email, nil},
		{"request of another kind", []string{"can we do the interview on Zoom?", "ana.lima@gmail.com"}, Email, nil},
	}
	d := newTestDetector(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := d.NewConversation()
			var last []Finding
			for _, m := range tt.messages {
				var err error
				if last, err = c.Scan(m); err != nil {
					t.Fatal(err)
				}
			}
			var f *Finding
			for i := range last {
				if last[i].Kind == tt.kind {
					f = &last[i]
				}
			}
			if f == nil {
				t.Fatalf("Scan(%q) = %v, want a %s", tt.messages[len(tt.messages)-1], last, tt.kind)
			}
			if fmt.Sprint(f.Ref) != fmt.Sprint(tt.want) {
				t.Errorf("Scan(%q): %s Ref = %+v, want %+v", tt.messages[len(tt.messages)-1], tt.kind, f.Ref, tt.want)
			}
		})
	}
}

// TestIntentPlatformNames checks that an operator's own marketplace name
// is understood both ways: leaving it is a request, using it is not.
func TestIntentPlatformNames(t *testing.T) {
	plain := newTestDetector(t)
	d, err := New(Options{PlatformNames: []string{"Acme Jobs", "acmejobs"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   string
		kind Kind // "" for none
	}{
		{"can we talk outside Acme Jobs?", ContactRequest},
		{"I'll pay you directly, no need to use acmejobs", PaymentRequest},
		{"I'll pay via PayPal, skip acmejobs", PaymentRequest},
		{"let's keep talking here on Acme Jobs", ""},
		{"I pay its Acme Jobs invoices by wire transfer", ""},
	}
	for _, tt := range tests {
		got, _ := d.Scan(tt.in)
		var kinds []Kind
		for _, f := range got {
			if isIntent(f.Kind) {
				kinds = append(kinds, f.Kind)
			}
		}
		if tt.kind == "" && len(kinds) > 0 || tt.kind != "" && (len(kinds) == 0 || kinds[0] != tt.kind) {
			t.Errorf("Scan(%q) = %v, want intent %q", tt.in, got, tt.kind)
		}
	}
	// Without the option, "outside Acme Jobs" means nothing.
	if got, _ := plain.Scan("can we talk outside Acme Jobs?"); len(got) > 0 {
		t.Errorf("Scan(%q) without PlatformNames = %v, want nothing", "can we talk outside Acme Jobs?", got)
	}
	if _, err := New(Options{PlatformNames: []string{"!!"}}); err == nil {
		t.Error(`New(PlatformNames: "!!") = nil error, want an error naming the name`)
	}
}

// TestIntentOperatorRules checks that an operator's file extends a
// language's classes, adds rules and languages, replaces and disables
// built-in rules.
func TestIntentOperatorRules(t *testing.T) {
	file := `{
	  "lang": "en",
	  "classes": {"channel": ["chatterbox"], "pigeon": ["carrier pigeon"]},
	  "rules": [
	    {"id": "en.contact.text_me", "kind": "contact_request", "match": "strongme", "confidence": 0.4,
	     "examples": ["text me"]},
	    {"id": "en.acme.pigeon", "kind": "contact_request", "match": "'by' pigeon", "confidence": 0.5}
	  ],
	  "disable": ["en.payment.arrangement"]
	}`
	d, err := New(Options{IntentRules: []RuleSource{{Name: "acme.json", Data: []byte(file)}}})
	if err != nil {
		t.Fatal(err)
	}
	check := func(in string, kind Kind, rule string, conf float64) {
		t.Helper()
		got, _ := d.Scan(in)
		for _, f := range got {
			if f.Kind == kind && f.Rule == rule && (conf == 0 || f.Confidence == conf) {
				return
			}
		}
		t.Errorf("Scan(%q) = %v, want %s by %s", in, got, kind, rule)
	}
	check("let's continue on chatterbox", ContactRequest, "en.contact.move_channel", 0)
	check("text me later", ContactRequest, "en.contact.text_me", 0.4)
	check("reply by carrier pigeon", ContactRequest, "en.acme.pigeon", 0.5)
	if got, _ := d.Scan("we can do a side deal"); len(got) > 0 {
		t.Errorf("Scan(%q) with en.payment.arrangement disabled = %v, want nothing", "we can do a side deal", got)
	}
	// A literal made only of words no anchor class knows has no anchor.
	if _, err := New(Options{IntentRules: []RuleSource{{Name: "x.json", Data: []byte(`{"lang":"en","rules":[{"id":"en.x","kind":"contact_request","match":"'carrier' 'pigeon'","confidence":0.5}]}`)}}}); err == nil {
		t.Error("New with a rule of unanchored literals = nil error, want an error")
	}
}

// TestIntentHostile checks that long runs of trigger words finish in
// linear time and keep the invariants.
func TestIntentHostile(t *testing.T) {
	d := newTestDetector(t)
	inputs := map[string]string{
		"triggers":      strings.Repeat("send me your whatsapp number on telegram via paypal outside upwork ", 8000),
		"no sentence":   strings.Repeat("call me call me pay pay fee fee zoom zoom ", 12000),
		"quotes":        strings.Repeat("'text me' \"call me\" ", 20000),
		"foreign words": strings.Repeat("давайте перейдём в телегу pahingi ng number mo ", 6000),
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			got, err := d.Scan(in)
			if err != nil {
				t.Fatal(err)
			}
			checkFindings(t, in, got)
			if el := time.Since(start); el > 10*time.Second {
				t.Errorf("Scan of %d bytes took %v", len(in), el)
			}
		})
	}
}

// TestIntentKindsOption checks that intents follow Options.Kinds.
func TestIntentKindsOption(t *testing.T) {
	d, err := New(Options{Kinds: []Kind{Email}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := d.Scan("send me your email: ana.lima@gmail.com")
	for _, f := range got {
		if f.Kind != Email {
			t.Errorf("Scan with Kinds=[email] reported %v", f)
		}
	}
}

var intentPositives = map[string][]intentCase{
	"en": {
		{"hey can u send me ur whatsapp no", ContactRequest, "send me ur whatsapp no"},
		{"whats ur telegram handle?", ContactRequest, "whats ur telegram handle"},
		{"lets move this convo to telegram", ContactRequest, "move this convo to telegram"},
		{"ping me on discord when you're online", ContactRequest, "ping me on discord"},
		{"Could you share your personal email so I can send the contract draft?", ContactRequest, "share your personal email"},
		{"I'd rather chat on WhatsApp, it's faster", ContactRequest, "chat on WhatsApp"},
		{"add me on linkedin and we can talk there", ContactRequest, "add me on linkedin"},
		{"Do you have Signal? I prefer it for privacy.", ContactRequest, "Do you have Signal"},
		{"here's my number, text me anytime", ContactRequest, "here's my number"},
		{"Can we jump on a Zoom call tomorrow at 3?", MeetingRequest, "jump on a Zoom"},
		{"I'll send a Google Meet link for the interview", MeetingRequest, "Google Meet link"},
		{"Are you free for a quick Skype call this afternoon?", MeetingRequest, "Skype call"},
		{"let's do the kickoff meeting over Teams", MeetingRequest, "do the kickoff meeting over Teams"},
		{"I can pay you via Wise to save on fees", PaymentRequest, "save on fees"},
		{"Would you accept payment in USDT?", PaymentRequest, "accept payment in USDT"},
		{"let's do the next milestone outside Upwork and I'll pay you directly", PaymentRequest, "pay you directly"},
		{"Send me your PayPal and I'll send the bonus there", PaymentRequest, "Send me your PayPal"},
		{"I'll pay half through Payoneer directly", PaymentRequest, "pay half through Payoneer directly"},
		{"we can skip Upwork's 20% cut if you invoice me directly", PaymentRequest, "invoice me directly"},
		{"drop your email and I'll share the figma file", ContactRequest, "drop your email"},
		{"Could we take this conversation to email? I check it more often.", ContactRequest, "take this conversation to email"},
		{"My WhatsApp is the same as the number on my CV", ContactRequest, "My WhatsApp is the same"},
		{"Is it cool if we continue on Insta DMs?", ContactRequest, "continue on Insta"},
		{"what's the best number to reach you on?", ContactRequest, "what's the best number"},
		{"Send your contact info and I'll loop in my partner", ContactRequest, "Send your contact"},
		{"do you use telegram? easier for files", ContactRequest, "do you use telegram"},
		{"hit me up on snap", ContactRequest, "hit me up on snap"},
		{"let me know your skype so I can add you", ContactRequest, "let me know your skype"},
		{"I'll text you the details on WhatsApp", ContactRequest, "text you the details on WhatsApp"},
		{"we can talk more privately somewhere else", ContactRequest, "talk more privately"},
		{"Give me a ring when you get this", ContactRequest, "Give me a ring"},
		{"I'd prefer a phone call, what's your number?", ContactRequest, "what's your number"},
		{"can we do a quick FaceTime to go over the edits?", MeetingRequest, "quick FaceTime"},
		{"Let's set up a Zoom for Monday", MeetingRequest, "a Zoom"},
		{"I'll create a Meet room and send it over", MeetingRequest, "Meet room"},
		{"Are you available for a call on Microsoft Teams tomorrow?", MeetingRequest, "call on Microsoft Teams"},
		{"Please join the interview via Zoom at 5pm", MeetingRequest, "join the interview via Zoom"},
		{"Can you hop on Discord for a quick voice chat?", MeetingRequest, "hop on Discord for a quick voice"},
		{"How about a video call on WhatsApp instead?", MeetingRequest, "video call on WhatsApp"},
		{"The final interview is a Zoom call with our CTO", MeetingRequest, "Zoom call"},
		{"I'll pay you the remaining $200 through Venmo", PaymentRequest, "pay you the remaining $200 through Venmo"},
		{"can I send the payment to your PayPal directly?", PaymentRequest, "send the payment to your PayPal directly"},
		{"If you cancel the Upwork contract I can pay you 10% more", PaymentRequest, "If you cancel the Upwork contract I can pay"},
		{"let's keep this off Upwork to avoid the 10% fee", PaymentRequest, "avoid the 10% fee"},
		{"Do you have a Payoneer account? I can send funds there", PaymentRequest, "Do you have a Payoneer account"},
		{"What's your Zelle?", PaymentRequest, "What's your Zelle"},
		{"I usually get paid through Wise, works for you?", PaymentRequest, "get paid through Wise"},
		{"We can settle the balance in crypto", PaymentRequest, "settle the balance in crypto"},
		{"Could you accept a bank transfer for this one?", PaymentRequest, "accept a bank transfer"},
		{"I'll Venmo you tonight", PaymentRequest, "Venmo you"},
		{"Just pay me in BTC", PaymentRequest, "pay me in BTC"},
		{"Pay me directly next time, Upwork takes too much", PaymentRequest, "Pay me directly"},
		{"yo whats ur insta", ContactRequest, "whats ur insta"},
		{"can u dm me on ig", ContactRequest, "dm me on ig"},
		{"lemme get ur digits", ContactRequest, "lemme get ur digits"},
		{"my number's in the attachment", ContactRequest, "my number's"},
		{"Let's hop on a quick Google Meet call", MeetingRequest, "quick Google Meet"},
		{"send me a calendly link", MeetingRequest, "calendly link"},
		{"We'll do the technical round over Zoom", MeetingRequest, "do the technical round over Zoom"},
		{"I'd rather pay you through Wise, it's cheaper for both of us", PaymentRequest, "pay you through Wise"},
		{"Could you drop me an email at your convenience?", ContactRequest, "drop me an email"},
		{"Let's connect over email to finalize", ContactRequest, "connect over email"},
		{"Telegram is easier for me, what's your username there?", ContactRequest, "what's your username"},
		{"Can I get your LinkedIn?", ContactRequest, "Can I get your LinkedIn"},
		{"My Skype is anna.k.design", ContactRequest, "My Skype is"},
		{"We'll do a quick screening on Google Meet", MeetingRequest, "do a quick screening on Google Meet"},
		{"let me send you a zoom invite", MeetingRequest, "zoom invite"},
		{"are you on discord?", ContactRequest, "are you on discord"},
		{"Can I pay you a bit extra outside Upwork for the rush?", PaymentRequest, "pay you a bit extra outside Upwork"},
		{"send me an invoice directly, not through Upwork", PaymentRequest, "invoice directly"},
		{"I prefer to be paid via Payoneer", PaymentRequest, "paid via Payoneer"},
		{"what's the best way to pay you outside of Upwork?", PaymentRequest, "pay you outside of Upwork"},
		{"Is Zelle fine?", PaymentRequest, "Is Zelle fine"},
		{"Can we avoid Upwork and work directly?", PaymentRequest, "Can we avoid Upwork and work directly"},
		{"pls share ur contact no", ContactRequest, "share ur contact no"},
		{"wats ur email bro", ContactRequest, "wats ur email"},
		{"inbox me on fb", ContactRequest, "inbox me on fb"},
		{"Call me on my cell tonight", ContactRequest, "Call me on my cell"},
		{"txt me on signal", ContactRequest, "txt me on signal"},
		{"Shall we switch to Skype for the next call?", MeetingRequest, "Skype for the next call"},
		{"I'd like to interview you over Zoom this week", MeetingRequest, "interview you over Zoom"},
		{"Please share your availability for a Teams meeting", MeetingRequest, "Teams meeting"},
		{"lets do a quick gmeet", MeetingRequest, "quick gmeet"},
		{"I can send the money through Western Union if that's easier", PaymentRequest, "send the money through Western Union"},
		{"send me your btc address and I'll pay today", PaymentRequest, "send me your btc"},
		{"you can pay me on PayPal friends and family", PaymentRequest, "pay me on PayPal"},
		{"Let's keep it between us and I'll pay cash", PaymentRequest, "pay cash"},
		{"add me on skype: live:anna", ContactRequest, "add me on skype"},
		{"any chance you have Telegram?", ContactRequest, "you have Telegram"},
		{"reach out on WhatsApp if you have questions", ContactRequest, "reach out on WhatsApp"},
		{"Is there somewhere else we can chat? The notifications here are unreliable.", ContactRequest, "somewhere else we can chat"},
		{"You can find my details on my website", ContactRequest, "details on my website"},
		{"let's take this offline", ContactRequest, "take this offline"},
		{"Can I reach you by phone?", ContactRequest, "reach you by phone"},
		{"What's the best way to contact you directly?", ContactRequest, "contact you directly"},
		{"Do you have a number I can text?", ContactRequest, "Do you have a number"},
		{"Could we have a short video chat on Google Meet?", MeetingRequest, "video chat on Google Meet"},
		{"send me your availability and I'll share a Meet invite", MeetingRequest, "Meet invite"},
		{"What's your Zoom ID?", MeetingRequest, "Zoom ID"},
		{"I'll call you on FaceTime", MeetingRequest, "call you on FaceTime"},
		{"Let's do a screen share session on AnyDesk", MeetingRequest, "screen share session on AnyDesk"},
		{"Can we talk on the phone instead?", MeetingRequest, "Can we talk on the phone"},
		{"I'll send you a tip on Cash App", PaymentRequest, "send you a tip on Cash"},
		{"Can we settle outside the platform? I'll add a bonus.", PaymentRequest, "settle outside the platform"},
		{"Let's do the remaining work off-contract", PaymentRequest, "Let's do the remaining work off-contract"},
		{"Upwork's fee is too high, can you give me your bank details?", PaymentRequest, "give me your bank details"},
		{"We can avoid the service fee if you send me a direct invoice", PaymentRequest, "avoid the service fee"},
		{"Would you take crypto for this?", PaymentRequest, "take crypto"},
		{"Let's split the Upwork fee by moving the payment outside", PaymentRequest, "payment outside"},
	},
	"es": {
		{"¿Me pasas tu número de WhatsApp?", ContactRequest, "Me pasas tu número"},
		{"Mejor seguimos por Telegram, es más rápido", ContactRequest, "seguimos por Telegram"},
		{"Agrégame en LinkedIn y hablamos", ContactRequest, "Agrégame en LinkedIn"},
		{"te dejo mi correo para que me mandes los archivos", ContactRequest, "te dejo mi correo"},
		{"¿Hacemos la reunión por Google Meet?", MeetingRequest, "Hacemos la reunión por Google Meet"},
		{"Te mando el enlace de Zoom para la entrevista", MeetingRequest, "enlace de Zoom"},
		{"Te pago por transferencia bancaria y nos ahorramos la comisión", PaymentRequest, "Te pago por transferencia bancaria"},
		{"¿Aceptas pagos por PayPal fuera de la plataforma?", PaymentRequest, "pagos por PayPal fuera de la plataforma"},
		{"cuál es tu wsp?", ContactRequest, "cuál es tu wsp"},
		{"Escríbeme al WhatsApp cuando puedas", ContactRequest, "Escríbeme al WhatsApp"},
		{"Podemos trabajar directamente sin pasar por Upwork", PaymentRequest, "Podemos trabajar directamente"},
		{"te pago en efectivo cuando nos veamos", PaymentRequest, "te pago en efectivo"},
		{"¿Tienes Telegram? Te escribo por ahí", ContactRequest, "Tienes Telegram"},
		{"Pásame tu correo personal y te envío el contrato", ContactRequest, "Pásame tu correo"},
		{"Mejor hablamos por WhatsApp, es más cómodo", ContactRequest, "hablamos por WhatsApp"},
		{"¿Podemos tener una llamada por Skype?", MeetingRequest, "llamada por Skype"},
		{"Te pago la mitad por PayPal", PaymentRequest, "Te pago la mitad por PayPal"},
		{"Si cancelamos el contrato te pago por Zelle", PaymentRequest, "te pago por Zelle"},
	},
	"pt": {
		{"me passa seu WhatsApp que eu te chamo", ContactRequest, "me passa seu WhatsApp"},
		{"vamos continuar pelo Telegram?", ContactRequest, "vamos continuar pelo Telegram"},
		{"anota meu número aí", ContactRequest, "anota meu número"},
		{"qual é o teu e-mail?", ContactRequest, "qual é o teu e-mail"},
		{"podemos fazer uma chamada de vídeo pelo Google Meet?", MeetingRequest, "fazer uma chamada de vídeo pelo Google Meet"},
		{"te mando o link do Zoom pra entrevista", MeetingRequest, "link do Zoom"},
		{"te pago por Pix, sem a taxa da plataforma", PaymentRequest, "te pago por Pix"},
		{"posso te pagar direto, fora do Upwork?", PaymentRequest, "te pagar direto"},
		{"me chama no whats", ContactRequest, "me chama no whats"},
		{"bora fazer um Zoom amanhã?", MeetingRequest, "um Zoom"},
		{"Tem Telegram? Te chamo lá", ContactRequest, "Tem Telegram"},
		{"Manda seu email que eu te envio o contrato", ContactRequest, "Manda seu email"},
		{"Podemos conversar pelo WhatsApp?", ContactRequest, "conversar pelo WhatsApp"},
		{"Vamos fazer a reunião pelo Teams", MeetingRequest, "Vamos fazer a reunião pelo Teams"},
		{"Te pago metade pelo PayPal", PaymentRequest, "Te pago metade pelo PayPal"},
		{"Se cancelar o contrato eu te pago no Pix", PaymentRequest, "te pago no Pix"},
	},
	"fr": {
		{"Tu peux me donner ton numéro WhatsApp ?", ContactRequest, "Tu peux me donner ton numéro"},
		{"On continue sur Telegram, c'est plus simple", ContactRequest, "On continue sur Telegram"},
		{"Voici mon mail pour qu'on échange en dehors de la plateforme", ContactRequest, "Voici mon mail"},
		{"Ajoute-moi sur LinkedIn", ContactRequest, "Ajoute-moi sur LinkedIn"},
		{"On fait une visio sur Zoom demain ?", MeetingRequest, "On fait une visio sur Zoom"},
		{"Je t'envoie le lien Google Meet pour l'entretien", MeetingRequest, "lien Google Meet"},
		{"Je te paie par virement, sans les frais de la plateforme", PaymentRequest, "Je te paie par virement"},
		{"Tu acceptes PayPal ?", PaymentRequest, "acceptes PayPal"},
		{"écris-moi sur WhatsApp ce soir", ContactRequest, "écris-moi sur WhatsApp"},
		{"je vous paie directement en dehors d'Upwork", PaymentRequest, "je vous paie directement"},
		{"Tu as Telegram ? Je t'écris là-bas", ContactRequest, "Tu as Telegram"},
		{"Donne-moi ton email perso", ContactRequest, "Donne-moi ton email"},
		{"On discute sur WhatsApp ?", ContactRequest, "On discute sur WhatsApp"},
		{"On peut faire un appel sur Skype ?", MeetingRequest, "appel sur Skype"},
		{"Je te paie la moitié par PayPal", PaymentRequest, "Je te paie la moitié par PayPal"},
		{"Je te règle en liquide", PaymentRequest, "Je te règle en liquide"},
	},
	"de": {
		{"Kannst du mir deine Telefonnummer geben?", ContactRequest, "Kannst du mir deine Telefonnummer"},
		{"Lass uns auf Telegram weiterschreiben", ContactRequest, "auf Telegram weiterschreiben"},
		{"Hier ist meine E-Mail-Adresse, schreib mir dort", ContactRequest, "Hier ist meine E-Mail"},
		{"Wollen wir das Interview über Teams machen?", MeetingRequest, "Interview über Teams"},
		{"Ich schicke dir einen Zoom-Link", MeetingRequest, "Zoom-Link"},
		{"Ich zahle dich direkt per PayPal, dann sparen wir die Gebühren", PaymentRequest, "zahle dich direkt per PayPal"},
		{"Können wir außerhalb der Plattform abrechnen und ich überweise dir das Geld?", PaymentRequest, "außerhalb der Plattform abrechnen und ich überweise"},
		{"Schreib mir einfach auf WhatsApp", ContactRequest, "Schreib mir einfach auf WhatsApp"},
		{"melde dich per Signal", ContactRequest, "melde dich per Signal"},
		{"Ruf mich morgen an", ContactRequest, "Ruf mich morgen an"},
		{"Hast du Telegram? Dann schreibe ich dir dort", ContactRequest, "Hast du Telegram"},
		{"Schick mir deine private Mail", ContactRequest, "Schick mir deine private Mail"},
		{"Sollen wir über WhatsApp reden?", ContactRequest, "über WhatsApp reden"},
		{"Können wir einen Call über Skype machen?", MeetingRequest, "Call über Skype"},
		{"Ich zahle dir die Hälfte per PayPal", PaymentRequest, "zahle dir die Hälfte per PayPal"},
		{"Ich zahle bar, ohne Plattform", PaymentRequest, "zahle bar, ohne Plattform"},
	},
	"it": {
		{"Mi dai il tuo numero di WhatsApp?", ContactRequest, "Mi dai il tuo numero"},
		{"Continuiamo su Telegram?", ContactRequest, "Continuiamo su Telegram"},
		{"Ecco la mia email, scrivimi lì", ContactRequest, "Ecco la mia email"},
		{"Facciamo una videochiamata su Zoom domani?", MeetingRequest, "Facciamo una videochiamata su Zoom"},
		{"Ti mando il link di Google Meet", MeetingRequest, "link di Google Meet"},
		{"Ti pago con bonifico, così risparmiamo la commissione", PaymentRequest, "Ti pago con bonifico"},
		{"Accetti pagamenti su PayPal?", PaymentRequest, "Accetti pagamenti su PayPal"},
		{"Scrivimi su WhatsApp", ContactRequest, "Scrivimi su WhatsApp"},
		{"Ti pago direttamente fuori dalla piattaforma", PaymentRequest, "Ti pago direttamente"},
		{"Chiamami stasera", ContactRequest, "Chiamami"},
		{"Hai Telegram?", ContactRequest, "Hai Telegram"},
		{"Mandami la tua mail personale", ContactRequest, "Mandami la tua mail"},
		{"Sentiamoci su WhatsApp", ContactRequest, "Sentiamoci su WhatsApp"},
		{"Facciamo una call su Skype?", MeetingRequest, "call su Skype"},
		{"Ti pago metà con PayPal", PaymentRequest, "Ti pago metà con PayPal"},
		{"Ti pago in contanti, senza piattaforma", PaymentRequest, "Ti pago in contanti, senza piattaforma"},
	},
	"ru": {
		{"Скиньте свой телеграм, пожалуйста", ContactRequest, "Скиньте свой телеграм"},
		{"Давайте продолжим общение в ватсапе", ContactRequest, "продолжим общение в ватсапе"},
		{"Запишите мой номер", ContactRequest, "Запишите мой номер"},
		{"Давайте созвонимся в Google Meet", MeetingRequest, "Давайте созвонимся в Google Meet"},
		{"Можем провести собеседование в Зуме?", MeetingRequest, "провести собеседование в Зуме"},
		{"Оплачу на карту напрямую, без комиссии", PaymentRequest, "Оплачу на карту напрямую"},
		{"Переведу в USDT, так выгоднее", PaymentRequest, "Переведу в USDT"},
		{"Напишите мне в телеграм", ContactRequest, "Напишите мне в телеграм"},
		{"Какой у вас номер телефона?", ContactRequest, "Какой у вас номер"},
		{"Давайте работать напрямую, без платформы", PaymentRequest, "Давайте работать напрямую"},
		{"У тебя есть телега?", ContactRequest, "У тебя есть телега"},
		{"Скинь свою почту, отправлю договор", ContactRequest, "Скинь свою почту"},
		{"Давай спишемся в вотсапе", ContactRequest, "спишемся в вотсапе"},
		{"Созвонимся по скайпу?", MeetingRequest, "Созвонимся по скайпу"},
		{"Заплачу половину через PayPal", PaymentRequest, "Заплачу половину через PayPal"},
		{"Давайте без биржи, оплачу на карту", PaymentRequest, "без биржи, оплачу"},
	},
	"uk": {
		{"Скиньте ваш номер телефону", ContactRequest, "Скиньте ваш номер"},
		{"Давайте перейдемо у вайбер", ContactRequest, "перейдемо у вайбер"},
		{"Напишіть мені в телеграм", ContactRequest, "Напишіть мені в телеграм"},
		{"Зідзвонимося в Зумі завтра?", MeetingRequest, "Зідзвонимося в Зумі"},
		{"Можемо провести співбесіду у Google Meet", MeetingRequest, "провести співбесіду у Google Meet"},
		{"Переведу гроші на картку напряму", PaymentRequest, "Переведу гроші на картку напряму"},
		{"Оплачу без комісії платформи", PaymentRequest, "без комісії"},
		{"Ось мій номер, пишіть", ContactRequest, "Ось мій номер"},
		{"Подзвоніть мені ввечері", ContactRequest, "Подзвоніть"},
		{"Давай працювати напряму, поза платформою", PaymentRequest, "Давай працювати напряму"},
		{"У тебе є телеграм?", ContactRequest, "У тебе є телеграм"},
		{"Скинь свою пошту", ContactRequest, "Скинь свою пошту"},
		{"Давай спишемося у вайбері", ContactRequest, "спишемося у вайбері"},
		{"Зідзвонимось у скайпі?", MeetingRequest, "Зідзвонимось у скайпі"},
		{"Заплачу половину через PayPal", PaymentRequest, "Заплачу половину через PayPal"},
		{"Оплачу на картку без платформи", PaymentRequest, "Оплачу на картку без платформи"},
	},
	"pl": {
		{"Podaj mi swój numer telefonu", ContactRequest, "Podaj mi swój numer"},
		{"Przejdźmy na WhatsAppa", ContactRequest, "Przejdźmy na WhatsAppa"},
		{"Napisz do mnie na Telegramie", ContactRequest, "Napisz do mnie na Telegramie"},
		{"Zróbmy spotkanie na Zoomie", MeetingRequest, "Zróbmy spotkanie na Zoomie"},
		{"Wyślę ci link do Google Meet", MeetingRequest, "link do Google Meet"},
		{"Zapłacę przelewem, bez prowizji", PaymentRequest, "Zapłacę przelewem"},
		{"Zapłacę ci bezpośrednio poza platformą", PaymentRequest, "Zapłacę ci bezpośrednio"},
		{"Zadzwoń do mnie jutro", ContactRequest, "Zadzwoń"},
		{"oto mój mail", ContactRequest, "oto mój mail"},
		{"Możemy porozmawiać przez Skype?", MeetingRequest, "porozmawiać przez Skype"},
		{"Masz Telegrama?", ContactRequest, "Masz Telegrama"},
		{"Wyślij mi swojego maila", ContactRequest, "Wyślij mi swojego maila"},
		{"Pogadajmy na WhatsAppie", ContactRequest, "Pogadajmy na WhatsAppie"},
		{"Zróbmy calla na Skype", MeetingRequest, "Zróbmy calla na Skype"},
		{"Zapłacę połowę przez PayPal", PaymentRequest, "Zapłacę połowę przez PayPal"},
		{"Zapłacę gotówką, bez platformy", PaymentRequest, "Zapłacę gotówką, bez platformy"},
	},
	"tr": {
		{"Telefon numaranı verir misin?", ContactRequest, "Telefon numaranı verir misin"},
		{"WhatsApp'tan yazışalım", ContactRequest, "WhatsApp'tan yazışalım"},
		{"Telegram'dan devam edelim", ContactRequest, "Telegram'dan devam edelim"},
		{"Zoom'dan toplantı yapalım mı?", MeetingRequest, "Zoom'dan toplantı"},
		{"Google Meet üzerinden görüşelim", MeetingRequest, "Google Meet üzerinden görüşelim"},
		{"Havale ile ödeme yapayım, komisyon ödemeyelim", PaymentRequest, "Havale ile ödeme"},
		{"Platform dışında ödeme yaparım", PaymentRequest, "Platform dışında ödeme"},
		{"Mail adresini gönderir misin?", ContactRequest, "Mail adresini gönderir misin"},
		{"Bana WhatsApp'tan yaz", ContactRequest, "WhatsApp'tan yaz"},
		{"numaramı kaydet", ContactRequest, "numaramı kaydet"},
		{"Telegram'ın var mı?", ContactRequest, "Telegram'ın var"},
		{"Mail adresini atar mısın, sözleşmeyi göndereyim", ContactRequest, "Mail adresini atar mısın"},
		{"WhatsApp'tan konuşalım mı?", ContactRequest, "WhatsApp'tan konuşalım"},
		{"Skype'tan görüşelim mi?", MeetingRequest, "Skype'tan görüşelim"},
		{"Yarısını PayPal ile öderim", PaymentRequest, "PayPal ile öderim"},
		{"Platform dışında nakit öderim", PaymentRequest, "Platform dışında nakit öderim"},
	},
	"hi": {
		{"apna whatsapp number bhej do", ContactRequest, "apna whatsapp number bhej do"},
		{"aapka email id kya hai?", ContactRequest, "aapka email id kya hai"},
		{"telegram pe baat karte hain", ContactRequest, "telegram pe baat karte hain"},
		{"mera number save kar lo", ContactRequest, "mera number save kar lo"},
		{"Zoom pe meeting kar lete hain kal", MeetingRequest, "Zoom pe meeting kar lete hain"},
		{"Google Meet pe interview rakh lete hain", MeetingRequest, "Google Meet pe interview rakh lete hain"},
		{"Paytm pe payment kar dunga", PaymentRequest, "Paytm pe payment kar dunga"},
		{"upwork ki fee bach jayegi, direct payment kar do", PaymentRequest, "fee bach jayegi"},
		{"mujhe whatsapp kar do", ContactRequest, "whatsapp kar do"},
		{"Easypaisa pe paise bhej deta hoon", PaymentRequest, "Easypaisa pe paise"},
		{"Telegram hai aapke paas?", ContactRequest, "Telegram hai aapke paas"},
		{"apna email bhej do, contract bhej deta hoon", ContactRequest, "apna email bhej do"},
		{"WhatsApp pe baat kar lete hain", ContactRequest, "WhatsApp pe baat kar lete hain"},
		{"Skype pe call kar lete hain", MeetingRequest, "Skype pe call kar lete hain"},
		{"aadha payment PayPal pe kar dunga", PaymentRequest, "PayPal pe kar dunga"},
		{"Upwork chodo, direct payment kar dunga", PaymentRequest, "Upwork chodo, direct payment kar dunga"},
	},
	"bn": {
		{"apnar whatsapp number ta diben?", ContactRequest, "apnar whatsapp number ta diben"},
		{"imo te kotha boli", ContactRequest, "imo te kotha boli"},
		{"amar number likhe nin", ContactRequest, "amar number likhe nin"},
		{"kal Google Meet e meeting kori?", MeetingRequest, "Google Meet e meeting kori"},
		{"Zoom e interview korte pari", MeetingRequest, "Zoom e interview korte pari"},
		{"bKash e taka pathabo", PaymentRequest, "bKash e taka"},
		{"Nagad e payment korbo, fee lagbe na", PaymentRequest, "Nagad e payment korbo"},
		{"whatsapp e knock din", ContactRequest, "whatsapp e knock din"},
		{"Upwork er baire taka pathabo", PaymentRequest, "Upwork er baire taka"},
		{"call korun kal", ContactRequest, "call korun"},
	},
	"tl": {
		{"pahingi naman ng number mo", ContactRequest, "pahingi naman ng number mo"},
		{"sa Telegram na lang tayo mag-usap", ContactRequest, "sa Telegram na"},
		{"eto number ko, i-text mo ako", ContactRequest, "number ko, i-text mo"},
		{"mag-Zoom tayo bukas?", MeetingRequest, "Zoom tayo"},
		{"meeting tayo sa Google Meet mamaya", MeetingRequest, "meeting tayo sa Google Meet"},
		{"sa GCash na lang ako magbabayad", PaymentRequest, "sa GCash na lang ako magbabayad"},
		{"para walang kaltas ng Upwork", PaymentRequest, "para walang kaltas"},
		{"tawagan mo ako mamaya", ContactRequest, "tawagan mo ako"},
		{"add mo ako sa FB", ContactRequest, "add mo ako sa"},
		{"video call tayo sa Messenger", MeetingRequest, "video call tayo sa Messenger"},
		{"May Telegram ka ba?", ContactRequest, "May Telegram ka"},
		{"Ano email mo po?", ContactRequest, "Ano email mo"},
		{"Sa Viber na lang tayo mag-usap", ContactRequest, "Sa Viber na"},
		{"Zoom tayo mamaya?", MeetingRequest, "Zoom tayo"},
		{"Sa GCash ko na lang ibabayad", PaymentRequest, "Sa GCash ko na lang ibabayad"},
		{"Diretso na lang bayad para walang fee", PaymentRequest, "Diretso na lang bayad"},
	},
	"id": {
		{"boleh minta nomor WA kamu?", ContactRequest, "boleh minta nomor"},
		{"lanjut di Telegram aja ya", ContactRequest, "lanjut di Telegram"},
		{"japri aku ya kak", ContactRequest, "japri aku"},
		{"bisa meeting lewat Zoom besok?", MeetingRequest, "bisa meeting lewat Zoom"},
		{"interview via Google Meet bisa?", MeetingRequest, "interview via Google Meet"},
		{"bayar lewat OVO aja", PaymentRequest, "bayar lewat OVO"},
		{"transfer langsung ke rekening saya biar gak kena potongan", PaymentRequest, "transfer langsung ke rekening"},
		{"kirim email kamu dong", ContactRequest, "email kamu dong"},
		{"ini nomor wa aku", ContactRequest, "ini nomor wa aku"},
		{"video call lewat WhatsApp ya", MeetingRequest, "video call lewat WhatsApp"},
		{"Ada Telegram kak?", ContactRequest, "Ada Telegram"},
		{"Kirim email kamu ya kak, nanti aku kirim kontraknya", ContactRequest, "email kamu ya"},
		{"Ngobrol di WA aja yuk", ContactRequest, "Ngobrol di WA"},
		{"Meeting via Zoom besok bisa?", MeetingRequest, "Meeting via Zoom"},
		{"Setengahnya saya bayar pakai PayPal", PaymentRequest, "saya bayar pakai PayPal"},
		{"Transfer langsung aja, biar gak kena biaya admin", PaymentRequest, "Transfer langsung"},
	},
	"vi": {
		{"cho mình xin số điện thoại nhé", ContactRequest, "cho mình xin số"},
		{"trao đổi qua Zalo cho nhanh", ContactRequest, "trao đổi qua Zalo"},
		{"nhắn zalo cho mình nha", ContactRequest, "nhắn zalo"},
		{"họp qua Google Meet được không?", MeetingRequest, "họp qua Google Meet"},
		{"phỏng vấn qua Zoom nhé", MeetingRequest, "phỏng vấn qua Zoom"},
		{"chuyển khoản trực tiếp cho mình nhé", PaymentRequest, "chuyển khoản trực tiếp"},
		{"thanh toán qua Momo cho đỡ mất phí", PaymentRequest, "thanh toán qua Momo"},
		{"gọi cho mình tối nay", ContactRequest, "gọi cho mình"},
		{"email của bạn là gì?", ContactRequest, "email của bạn là gì"},
		{"cho em xin sđt", ContactRequest, "cho em xin sđt"},
		{"Bạn có Zalo không?", ContactRequest, "có Zalo không"},
		{"Gửi mình email của bạn nhé", ContactRequest, "Gửi mình email"},
		{"Nói chuyện qua Zalo cho tiện", ContactRequest, "Nói chuyện qua Zalo"},
		{"Họp qua Skype nhé", MeetingRequest, "Họp qua Skype"},
		{"Mình trả một nửa qua PayPal", PaymentRequest, "trả một nửa qua PayPal"},
		{"Chuyển khoản ngoài Upwork cho nhanh", PaymentRequest, "Chuyển khoản ngoài Upwork"},
	},
	"ar": {
		{"ممكن رقمك؟", ContactRequest, "ممكن رقمك"},
		{"ابعثلي ايميلك", ContactRequest, "ابعثلي ايميلك"},
		{"خلينا نكمل على الواتساب", ContactRequest, "خلينا نكمل على الواتساب"},
		{"هذا رقمي", ContactRequest, "هذا رقمي"},
		{"نعمل اجتماع على زوم بكرة؟", MeetingRequest, "نعمل اجتماع على زوم"},
		{"مقابلة عبر جوجل ميت", MeetingRequest, "مقابلة عبر جوجل ميت"},
		{"احولك على باي بال مباشرة", PaymentRequest, "احولك على باي بال مباشرة"},
		{"ادفعلك خارج المنصة بدون عمولة", PaymentRequest, "ادفعلك خارج المنصة"},
		{"كلمني على الواتس", ContactRequest, "كلمني"},
		{"تواصل معي على تيليجرام", ContactRequest, "تواصل معي"},
		{"عندك تيليجرام؟", ContactRequest, "عندك تيليجرام"},
		{"ارسل ايميلك وبعتلك العقد", ContactRequest, "ارسل ايميلك"},
		{"خلينا نتكلم على الواتس", ContactRequest, "خلينا نتكلم على الواتس"},
		{"نعمل مكالمة على سكايب؟", MeetingRequest, "مكالمة على سكايب"},
		{"ادفعلك النص على باي بال", PaymentRequest, "ادفعلك النص على باي بال"},
		{"بدون المنصة ادفعلك كاش", PaymentRequest, "بدون المنصة ادفعلك"},
	},
	"ur": {
		{"apna WhatsApp number de dein", ContactRequest, "apna WhatsApp number de"},
		{"aap ka email kya hai?", ContactRequest, "aap ka email kya hai"},
		{"mujhe WhatsApp kar dein", ContactRequest, "WhatsApp kar dein"},
		{"mera number save kar lein", ContactRequest, "mera number save kar lein"},
		{"Skype pe baat kar lete hain", ContactRequest, "Skype pe baat kar lete hain"},
		{"Zoom pe meeting kar lein?", MeetingRequest, "Zoom pe meeting kar lein"},
		{"Google Meet pe interview rakh lete hain", MeetingRequest, "Google Meet pe interview rakh lete hain"},
		{"JazzCash pe paise bhej deta hoon", PaymentRequest, "JazzCash pe paise"},
		{"Easypaisa pe payment kar dunga, Upwork ki fee bach jayegi", PaymentRequest, "Easypaisa pe payment kar dunga"},
		{"seedha bank account mein transfer kar dunga", PaymentRequest, "seedha bank account mein transfer kar dunga"},
	},
}

var intentNegatives = map[string][]string{
	"en": {
		"I don't share my WhatsApp before a contract, sorry",
		"please don't ask for my number",
		"he asked for my email and I said no",
		"I build WhatsApp bots for restaurants",
		"Zoom SDK integration is in scope",
		"email marketing is my specialty",
		"We integrate PayPal checkout on Shopify",
		"let's have a call here on Upwork",
		"I'll release the milestone tonight",
		"I won't work outside Upwork",
		"Can you add a WhatsApp share button to the footer?",
		"The client asked me to move to Telegram but that's against the rules",
		"Our users pay via Stripe",
		"I'll call the endpoint with the token",
		"Text me the final copy here in the chat",
		"I'm not allowed to pay you outside the platform",
		"I used Google Meet at my last job",
		"Meet me halfway on price?",
		"I'd like to schedule a video call through Upwork",
		"The Telegram bot should reply with the order number",
		"Upwork's messaging works fine for me, let's stay here",
		"I don't have WhatsApp",
		"Can you send the invoice through Upwork?",
		"Please never share your phone number with clients",
		"I lost my phone yesterday so I'm replying from my laptop",
		"We need a developer who can integrate Zelle payments",
		"What's your experience with Zoom integrations?",
		"Do you have experience building Telegram bots?",
		"Let's schedule the call here on Upwork at 3pm",
		"I'll pay via Upwork as usual",
		"Please don't send payment outside Upwork",
		"Someone on the forum asked me to pay via crypto, is that normal?",
		"Scammers often ask for your WhatsApp number",
		"The email marketing campaign goes live Monday",
		"Could you zoom into the chart?",
		"I'm meeting the client on Zoom tomorrow, will update you after",
		"I have a Zoom meeting with another client at 4, can we talk at 5?",
		"Sorry, I was on a Teams call with my manager",
		"I'm stuck in Zoom meetings all day",
		"Upwork pays me via direct deposit",
		"the client wants to pay via PayPal, can Upwork handle that?",
		"My PayPal account got limited, so I withdraw via Payoneer now",
		"Our app lets users pay with Apple Pay",
		"Never pay anyone via gift cards",
		"Add a 'Contact us on WhatsApp' link in the footer",
		"The WhatsApp icon should be green",
		"Can you message me here when it's done?",
		"I'll call you here on Upwork at 5",
		"Send me the files here please",
		"Let's continue in this thread",
		"Is it ok to share contact info after the contract starts?",
		"I'll send the invoice via the platform",
		"Fees on Upwork are 10% now",
		"I paid the Upwork fee already",
		"what number should I put on the invoice?",
		"Give me a number and I'll tell you if it fits the budget",
		"My email signature needs updating",
		"Our support team answers by email within 24h",
		"The Zoom recording is uploaded to the drive",
		"I attended a webinar on Zoom yesterday",
		"I can't share contact info, but happy to do a video call here",
		"Please keep all communication on Upwork",
		"Do you have experience with the Zoom API?",
		"We use Slack internally, but you'll talk with us here",
		"I'll schedule the interview via Upwork's video feature",
		"Refund was sent to your PayPal by Upwork support",
		"Upwork lets you withdraw to PayPal",
		"Is PayPal available as a withdrawal method on Upwork?",
		"Our payroll runs through Wise for employees",
		"I'm not comfortable moving to WhatsApp",
		"Why do people keep asking for my Telegram?",
		"Contact details will be shared once the contract starts",
		"I was asked to pay outside, is that allowed?",
		"I develop Zoom apps and Teams bots",
		"Build a Telegram mini app with TON payments",
		"Set up Calendly and Zoom integration for our sales team",
		"Can the bot send a WhatsApp message when an order ships?",
		"The payment was sent via Upwork",
		"My hourly rate is $45",
		"Happy to answer questions here in the chat",
		"We meet every Monday to review progress",
		"Our office phone number is on the website footer",
		"Please add a phone number field to the signup form",
		"Send the newsletter via Mailchimp on Friday",
		"I'll pay the invoice once the milestone is approved",
		"Could you zoom in a bit more?",
		"What's your timezone?",
		"Text alignment is off on mobile",
		"The team meets on Teams every morning",
		"Sorry, I don't use WhatsApp",
		"I've integrated Stripe, PayPal and Apple Pay into three Shopify stores.",
		"Experience: WhatsApp Business API, Twilio SMS, SendGrid email.",
		"I manage Zoom webinars for a university, 500+ attendees each.",
		"Need someone to set up Google Meet rooms for our office.",
		"Can you build a Telegram bot that posts our daily sales?",
		"I'd like the landing page to have a 'Book a call' button linking to our Calendly.",
		"Our customers contact us via WhatsApp and email; we need a shared inbox.",
		"I'll send you the invoice via Upwork once the milestone is done.",
		"Please submit your work here and I'll release payment.",
		"Payment will be made through Upwork upon completion.",
		"We can hop on a quick call here on Upwork if you want.",
		"I can't move to WhatsApp, Upwork rules.",
		"Let's keep all communication here for now.",
		"The client wants a Skype-like chat feature in their app.",
		"Add a 'Pay with PayPal' option at checkout.",
		"Write 5 blog posts about how to pay freelancers with Wise and Payoneer.",
		"Translate our FAQ: 'How do I contact support?' and 'Where is my order?'",
		"Respond to customer emails and calls within 24 hours.",
		"We pay weekly through Upwork's hourly contract.",
		"Once you accept the offer, we'll set up a kickoff call here.",
		"The interview will be conducted through Upwork messages.",
		"I usually get paid through Upwork, no other way.",
		"Fixing the 'call me back' form on our contact page is the first task.",
		"My previous client paid via Upwork's fixed-price milestones.",
		"I'm the admin of a 20k member Telegram group about crypto.",
		"Please don't DM me on LinkedIn about this project, use Upwork messages.",
		"I have no WhatsApp, sorry, let's stay here.",
		"What's your hourly rate for email template design?",
		"We need an email address validation regex.",
		"Could you send me your portfolio and a few references?",
		"Share your screen in the Upwork call so I can see the bug.",
		"The Zoom recording you sent was very helpful, thanks.",
		"Do you have a phone with Android 14 to test on?",
		"Send the APK via the chat here.",
		"My email inbox is full of spam lately.",
		"We accept payment via Upwork only.",
		"The PayPal integration fails when the currency is EUR.",
		"Skype is deprecated, we moved everything to Teams last year.",
		"Let's meet the deadline and celebrate!",
		"Please review my proposal and let me know if you have questions.",
		"Do you have a number in mind for the budget?",
		"I'll be offline tomorrow",
		"My details are in the proposal I sent here",
		"Do you have a phone with Android 14 to test on?",
	},
	"es": {
		"No comparto mi número fuera de la plataforma",
		"Me pidió el WhatsApp y le dije que no",
		"Desarrollo bots de WhatsApp para restaurantes",
		"Hago integraciones con PayPal y Stripe",
		"Hablemos por aquí, por favor",
		"Podemos hacer la videollamada aquí en Upwork",
		"Libero el hito mañana",
		"No voy a pagar fuera de Upwork",
		"¿Cuál es tu tarifa por hora?",
		"Te mando el diseño por aquí",
		"No tengo Telegram",
		"Prefiero no hablar por WhatsApp",
		"La llamada la hacemos aquí en Upwork",
		"Integro pagos con Mercado Pago en tu tienda",
		"El cliente paga con PayPal en el checkout",
		"Nunca pago fuera de la plataforma",
	},
	"pt": {
		"Não passo meu número antes do contrato",
		"Ele pediu meu zap e eu recusei",
		"Desenvolvo bots para WhatsApp",
		"Faço integração com PayPal e Pix",
		"vamos conversar por aqui mesmo",
		"podemos fazer a chamada aqui na plataforma",
		"vou liberar o marco hoje",
		"não aceito pagamento fora do Upwork",
		"qual é o seu prazo de entrega?",
		"dá um zoom na imagem",
		"Não tenho Telegram",
		"Prefiro não falar pelo WhatsApp",
		"A chamada fazemos aqui no Upwork",
		"Integro pagamentos com Pix na sua loja",
		"Nunca pago fora da plataforma",
		"Obrigado pelo feedback",
	},
	"fr": {
		"Je ne donne pas mon numéro avant le contrat",
		"Il m'a demandé mon WhatsApp et j'ai refusé",
		"Je développe des bots WhatsApp",
		"J'intègre PayPal sur les boutiques Shopify",
		"On peut continuer ici",
		"On peut faire l'appel ici sur la plateforme",
		"Je libère le jalon ce soir",
		"Je ne paie pas en dehors d'Upwork",
		"Quel est ton délai ?",
		"zoome sur le logo",
		"Je n'ai pas Telegram",
		"Je préfère ne pas parler sur WhatsApp",
		"On fait l'appel ici sur Upwork",
		"J'intègre les paiements PayPal dans ta boutique",
		"Je ne paie jamais en dehors de la plateforme",
		"Merci pour ton retour",
	},
	"de": {
		"Ich gebe meine Nummer nicht raus",
		"Er wollte meine WhatsApp-Nummer, ich habe nein gesagt",
		"Ich entwickle WhatsApp-Bots",
		"Ich integriere PayPal in Shopify-Shops",
		"Lass uns hier weiterschreiben",
		"Wir können hier auf der Plattform telefonieren",
		"Ich gebe den Meilenstein heute frei",
		"Ich zahle nicht außerhalb von Upwork",
		"Was ist dein Stundensatz?",
		"Zoom bitte in das Logo rein",
		"Ich habe kein Telegram",
		"Ich möchte nicht über WhatsApp schreiben",
		"Den Call machen wir hier auf Upwork",
		"Ich integriere PayPal in deinen Shop",
		"Ich zahle nie außerhalb der Plattform",
		"Danke für das Feedback",
	},
	"it": {
		"Non do il mio numero prima del contratto",
		"Mi ha chiesto il WhatsApp e ho detto di no",
		"Sviluppo bot per WhatsApp",
		"Integro PayPal negli e-commerce",
		"Continuiamo qui",
		"Possiamo fare la chiamata qui sulla piattaforma",
		"Rilascio la milestone stasera",
		"Non pago fuori da Upwork",
		"Qual è la tua tariffa?",
		"fai zoom sul logo",
	},
	"ru": {
		"Я не даю свой номер до контракта",
		"Он попросил мой телеграм, я отказался",
		"Разрабатываю ботов для телеграма",
		"Делаю интеграцию с PayPal",
		"Давайте общаться здесь",
		"Созвонимся здесь на платформе",
		"Подтверждаю этап, оплата через платформу",
		"Не плачу вне платформы",
		"Какой у вас бюджет?",
		"Увеличьте зум на макете",
		"У меня нет телеграма",
		"Не хочу переходить в ватсап",
		"Созвонимся здесь, на платформе",
		"Интегрирую оплату PayPal в магазин",
		"Никогда не плачу вне платформы",
		"Спасибо за отзыв",
	},
	"uk": {
		"Я не даю свій номер до контракту",
		"Він попросив мій телеграм, я відмовився",
		"Розробляю ботів для телеграму",
		"Роблю інтеграцію з PayPal",
		"Давайте спілкуватися тут",
		"Зідзвонимось тут на платформі",
		"Підтверджую етап",
		"Не плачу поза платформою",
		"Який у вас бюджет?",
		"Дякую за роботу",
	},
	"pl": {
		"Nie podam numeru przed umową",
		"Poprosił o mój numer i odmówiłem",
		"Robię boty na Telegram",
		"Integruję PayPal w sklepach",
		"Porozmawiajmy tutaj",
		"Możemy rozmawiać tutaj na czacie",
		"Zatwierdzam kamień milowy",
		"Nie płacę poza platformą",
		"Jaki jest twój budżet?",
		"Dzięki za pracę",
	},
	"tr": {
		"Numaramı paylaşamam",
		"Numaramı istedi, hayır dedim",
		"Telegram botu geliştiriyorum",
		"PayPal entegrasyonu yapıyorum",
		"Burada konuşalım",
		"Platform üzerinden görüşelim",
		"Aşamayı onayladım",
		"Platform dışında ödeme yapmam",
		"Bütçeniz nedir?",
		"Teşekkürler",
		"Telegram'ım yok",
		"WhatsApp'tan konuşmak istemiyorum",
		"Görüşmeyi burada platform üzerinden yapalım",
		"PayPal entegrasyonu yapıyorum",
		"Platform dışında ödeme yapmam",
		"Geri bildirim için teşekkürler",
	},
	"hi": {
		"apna number nahi dunga",
		"usne mera number maanga aur maine mana kar diya",
		"main WhatsApp bots banata hoon",
		"Razorpay integration ka kaam kiya hai",
		"yahan pe hi baat karte hain",
		"upwork pe hi call kar lete hain",
		"milestone release kar dijiye",
		"upwork ke bahar payment nahi karunga",
		"aapka budget kya hai?",
		"kaam ho gaya bhai",
		"mere paas Telegram nahi hai",
		"WhatsApp pe baat nahi karunga",
		"call yahin Upwork pe kar lete hain",
		"PayPal integration ka kaam karta hoon",
		"platform ke bahar payment nahi karunga",
		"feedback ke liye shukriya",
	},
	"bn": {
		"amar number dibo na",
		"se amar number cheyeche, ami mana korechi",
		"ami whatsapp bot banai",
		"bKash payment gateway integrate korechi",
		"ekhane kotha boli",
		"milestone ta release kore din",
		"apnar budget koto?",
		"kaj shesh",
		"dhonnobad",
		"ekhanei call kori",
	},
	"tl": {
		"hindi ko ibibigay ang number ko",
		"hiningi niya number ko pero tumanggi ako",
		"gumagawa ako ng Messenger chatbot",
		"GCash integration sa website",
		"dito na lang tayo mag-usap",
		"video call tayo dito sa Upwork",
		"i-release ko na ang milestone",
		"hindi ako magbabayad sa labas ng Upwork",
		"magkano budget mo?",
		"salamat po",
		"Wala akong Telegram",
		"Ayoko mag-usap sa Viber",
		"Dito na lang tayo sa Upwork mag-meeting",
		"Gumagawa ako ng GCash integration",
		"Hindi ako magbabayad sa labas ng platform",
		"Salamat sa feedback",
	},
	"id": {
		"saya gak mau kasih nomor sebelum kontrak",
		"dia minta nomor WA saya tapi saya tolak",
		"saya bikin bot WhatsApp",
		"integrasi Midtrans dan OVO untuk toko online",
		"lanjut di sini aja",
		"meeting di Upwork aja",
		"milestone sudah saya rilis",
		"saya tidak mau bayar di luar platform",
		"berapa budget kamu?",
		"zoom in logonya dong",
		"Saya tidak punya Telegram",
		"Saya gak mau ngobrol di WA",
		"Meeting di sini aja lewat Upwork",
		"Saya integrasikan PayPal ke toko online",
		"Saya tidak pernah bayar di luar platform",
		"Makasih atas feedbacknya",
	},
	"vi": {
		"mình không cho số điện thoại trước khi có hợp đồng",
		"họ xin zalo nhưng mình từ chối",
		"mình làm bot Zalo cho nhà hàng",
		"tích hợp thanh toán MoMo cho website",
		"trao đổi ở đây nhé",
		"gọi video trên Upwork nhé",
		"mình đã giải ngân mốc",
		"không thanh toán ngoài Upwork",
		"ngân sách của bạn là bao nhiêu?",
		"cảm ơn bạn",
	},
	"ar": {
		"لن اعطيك رقمي",
		"طلب رقمي ورفضت",
		"أطور بوتات واتساب",
		"ربط بوابات الدفع مثل باي بال",
		"نكمل هنا",
		"مكالمة هنا على المنصة",
		"تم تحرير المرحلة",
		"لا أدفع خارج المنصة",
		"ما هي ميزانيتك؟",
		"شكرا",
		"ما عندي تيليجرام",
		"لا أريد الحديث على الواتس",
		"المكالمة هنا على المنصة",
		"أطور ربط باي بال للمتاجر",
		"لا أدفع خارج المنصة",
		"شكرا على الملاحظات",
	},
	"ur": {
		"apna number nahi de sakta",
		"us ne mera number maanga lekin maine mana kar diya",
		"main Easypaisa API integration karta hoon",
		"yahin Upwork pe baat karte hain",
		"Upwork pe hi call kar lete hain",
		"milestone release kar dein",
		"Upwork ke bahar payment nahi karunga",
		"aap ka budget kitna hai?",
		"shukriya bhai",
		"logo ke concepts kal tak mil jayenge",
	},
}

// TestIntentsLongTextInPieces checks that reading a long text in pieces of
// whole lines finds the same intents as reading it at once: every held-out
// intent message, one per line, some lines with a quotation or a sentence
// run on over two lines.
func TestIntentsLongTextInPieces(t *testing.T) {
	d := newTestDetector(t)
	var b strings.Builder
	for i, text := range heldOutTexts(t, "intents") {
		switch i % 3 {
		case 0:
			b.WriteString(text + "\n")
		case 1:
			b.WriteString("He said \"" + text + "\" and left.\n")
		case 2:
			b.WriteString("Thanks for the update on the invoice; " + text + " Regards\n")
		}
	}
	text := b.String()
	if len(text) < 4*intentPiece {
		t.Fatalf("the text is %d bytes, too short to be cut", len(text))
	}
	intents := func() []Finding {
		fs, err := d.Scan(text)
		if err != nil {
			t.Fatal(err)
		}
		return slices.DeleteFunc(fs, func(f Finding) bool { return intentIndex(f.Kind) < 0 })
	}
	pieces := intents()
	defer func(n int) { intentPiece = n }(intentPiece)
	intentPiece = len(text) + 1
	whole := intents()
	if len(whole) < 50 {
		t.Fatalf("only %d intents in the whole text: the test tests little", len(whole))
	}
	if !reflect.DeepEqual(pieces, whole) {
		t.Errorf("in pieces: %d intents, at once: %d", len(pieces), len(whole))
		for i := range min(len(pieces), len(whole)) {
			if !reflect.DeepEqual(pieces[i], whole[i]) {
				t.Errorf("first difference: %+v in pieces, %+v at once", pieces[i], whole[i])
				break
			}
		}
	}
}

// TestIntentGlueGate checks that a gate word inside a link or an address
// ("gmail" of ana@gmail.com) does not keep its sentence for the rules,
// while a gate word outside one still does.
func TestIntentGlueGate(t *testing.T) {
	set, err := builtinIntents()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text string
		kept bool
	}{
		{"thanks, ana.lima@gmail.com has the files", false},
		{"see https://meet.google.com/abc for the notes", false},
		{"email me on gmail: ana.lima@gmail.com", true},
		{"ana.lima@gmail.com. Call me on whatsapp", true},
	} {
		m := new(intentMatcher)
		m.reset(set)
		m.tokenize(c.text, 0, len(c.text))
		if kept := len(m.toks) > 0; kept != c.kept {
			t.Errorf("tokenize(%q) kept %d tokens, want kept %v", c.text, len(m.toks), c.kept)
		}
	}
}

// TestIntentMatcherKeepsNoText checks that a matcher put back in the pool
// holds no token of the text it read, kept or dropped.
func TestIntentMatcherKeepsNoText(t *testing.T) {
	set, err := builtinIntents()
	if err != nil {
		t.Fatal(err)
	}
	text := "thanks for the files. call me on whatsapp. the budget is fine"
	findIntents(set, text, 0, len(text), func(intentMatch) {})
	m := intentMatcherPool.Get().(*intentMatcher)
	defer intentMatcherPool.Put(m)
	for k, tok := range m.toks[:cap(m.toks)] {
		if tok.key != "" {
			t.Errorf("pooled matcher keeps token %d %q", k, tok.key)
		}
	}
}
