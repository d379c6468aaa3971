package detect

// providerWords are mail providers, whose name alone stands for a domain
// ("at gmail").
var providerWords = []string{"gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "icloud", "protonmail", "proton", "yandex", "mail.ru", "gmx", "aol", "zoho", "libero", "orange", "wp", "onet", "ukr.net", "rediffmail", "qq", "163"}

// emailCueWords name email itself.
var emailCueWords = []string{"email", "e-mail", "mail", "correo", "почта", "пошта", "імейл", "имейл"}

// detectEmail finds email addresses. (Stub: replaced by the email detector.)
func detectEmail(s *scan) {}
