package detect

// paymentWords name outside payment services and wallets.
var paymentWords = []string{"paypal", "venmo", "zelle", "wise", "payoneer", "skrill", "btc", "eth", "usdt", "wallet"}

// bankWords name bank accounts and their parts.
var bankWords = []string{"iban", "account", "acct", "routing", "swift", "bic", "ifsc"}

// detectPayments finds payment accounts. (Stub: replaced by the payment
// detector.)
func detectPayments(s *scan) {}
