package detect

// meetingWords name outside meeting tools.
var meetingWords = []string{"zoom", "meet", "teams", "webex", "whereby", "jitsi", "calendly"}

// urlCueWords announce a link.
var urlCueWords = []string{"http", "https", "www", "site", "website", "portfolio", "link"}

// detectLinks finds links and bare domains and classifies them by host.
// (Stub: replaced by the link detector.)
func detectLinks(s *scan) {}
