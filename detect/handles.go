package detect

// messengerWords name outside messaging and social services.
var messengerWords = []string{"whatsapp", "telegram", "skype", "signal", "discord", "wechat", "viber", "instagram", "insta"}

// handleCueWords announce an account name.
var handleCueWords = []string{"id", "username", "user", "handle", "nick"}

// detectHandles finds accounts on outside services. (Stub: replaced by the
// handle detector.)
func detectHandles(s *scan) {}
