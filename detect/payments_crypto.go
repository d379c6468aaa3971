package detect

import (
	"crypto/sha512"
	"encoding/binary"
	"hash/crc32"
	"math/bits"
	"strings"

	"golang.org/x/crypto/blake2b"
	"golang.org/x/crypto/sha3"

	"github.com/chaperone-dev/chaperone/detect/internal/checksum"
	"github.com/chaperone-dev/chaperone/detect/normalize"
)

// Crypto addresses. Every family here carries a checksum, and an address
// is reported only when it holds, so a mistyped or invented address, a
// transaction hash or a random token is not a finding:
//
//   - Base58Check (Bitcoin Core base58.cpp), a 1–3 byte version and a
//     20-byte hash: Bitcoin P2PKH/P2SH ('1', '3'), Tron ('T') and the coins
//     built on the same scheme (Litecoin, Dogecoin, Dash, Zcash t1/t3,
//     Tezos tz1/KT1 …); XRP uses the same check over Ripple's alphabet.
//   - bech32/bech32m (BIP-173, BIP-350): Bitcoin SegWit "bc1…" with its
//     witness rules, and other chains' human-readable parts (ltc1, cro1,
//     addr1 …); Bitcoin Cash cashaddr ("bitcoincash:q…", its own 40-bit
//     BCH code).
//   - Ethereum and EVM chains: "0x" and 40 hex digits, EIP-55 when mixed
//     case.
//   - Stellar (CRC16-XModem), Algorand (SHA-512/256), Nano (BLAKE2b-40),
//     Monero and Loki (Keccak-256, Monero's block Base58), Cardano Byron
//     (CRC32 in CBOR), Polkadot SS58 (BLAKE2b-512), Siacoin (BLAKE2b-256),
//     Waves (Keccak-256 of BLAKE2b-256), NEM (Keccak-256), Decred
//     (BLAKE-256).
//   - Solana keys have no checksum: a 32-byte Base58 string is taken only
//     in a message about crypto or sending money.
//
// Testnet forms (Bitcoin 'm', 'n', '2', "tb1", "bcrt1") are not reported:
// nobody is paid there.

// minCryptoLen is the length of the shortest address.
const minCryptoLen = 14

// maxCryptoLen bounds a candidate address (Monero integrated addresses
// are 106 characters, Cardano Shelley ~103).
const maxCryptoLen = 110

// findCrypto finds crypto addresses in view v. ms are the payment and
// wallet words of the text, used to join an address split into groups
// after a wallet word and to allow Solana keys.
func findCrypto(s *scan, v *normalize.Text, ms []svcMention) {
	src := v.S
	if len(src) < minCryptoLen {
		return
	}
	wallets := walletEnds(ms)
	if len(wallets) == 0 && (v == s.fold && !s.sig.longWord || !hasWordRun(src, minCryptoLen)) {
		return
	}
	var solanaMsgs map[int]bool // computed when a candidate needs it
	for k := 0; k < len(src); {
		c := src[k]
		if !wordByteTable[c] || k > 0 && wordByteTable[src[k-1]] {
			k++
			continue
		}
		j := cryptoTokenEnd(src, k)
		if k > 0 && (src[k-1] == '+' || src[k-1] == '=') || j < len(src) && (src[j] == '+' || src[j] == '=') {
			k = j // part of a Base64 blob or an expression
			continue
		}
		afterWallet := len(wallets) > 0 && walletBefore(s, v, wallets, k)
		if j-k < 14 && !afterWallet {
			k = j
			continue
		}
		solana := false
		if n := j - k; n >= 32 && n <= 44 || n < 25 {
			if solanaMsgs == nil {
				solanaMsgs = cryptoContextMessages(s, v, wallets)
			}
			oi, _ := v.Span(k, j)
			solana = solanaMsgs[s.hwMsg(oi)]
		}
		if j-k >= 14 && j-k <= maxCryptoLen {
			if coin, ok := cryptoAddress(src[k:j], solana); ok {
				s.addPayment(v, k, j, coin+":"+src[k:j], confPayChecksum, cryptoRule(coin))
				k = j
				continue
			}
		}
		// "wallet: 112FEaoefkqG eDyM8pJkVBeZ ZUCt2yTNwB": try joining the
		// groups that follow a wallet word.
		if afterWallet {
			if b, addr, coin, ok := joinedAddress(src, k, j, solana); ok {
				s.addPayment(v, k, b, coin+":"+addr, confPayChecksum, cryptoRule(coin))
				k = b
				continue
			}
		}
		k = j
	}
}

// walletEnd is where a wallet word ends, in the original input, and the
// message it is in.
type walletEnd struct{ o, msg int }

// walletEnds returns where the wallet and crypto words of the text end
// ("wallet", "BTC", "USDT TRC20", "кошелёк").
func walletEnds(ms []svcMention) []walletEnd {
	var out []walletEnd
	for _, m := range ms {
		if payAccepts[m.name]&payWallet != 0 && !m.attached {
			out = append(out, walletEnd{m.oj, m.msg})
		}
	}
	return out
}

// cryptoContextWords, besides the wallet words, make a message one where
// a checksum-less Solana key may be taken: words for an address (too
// common to wake the payment detector by themselves) and for sending
// money. Matched as word prefixes ("отправ" → "отправьте").
var cryptoContextWords = []string{
	"address", "addr", "адрес", "endereço", "dirección", "adresse", "adres", "indirizzo", "alamat",
	"send", "pay", "transfer", "deposit", "envía", "envia", "manda", "отправ", "переве", "надішл",
}

// hasWordRun reports whether s holds a run of at least n ASCII letters and
// digits (no address is shorter than 14 characters). It looks at every
// n-th byte first, so ordinary prose costs about len(s)/n steps.
func hasWordRun(s string, n int) bool {
	i := 0 // where a run of n could start
	for i+n <= len(s) {
		j := i + n - 1
		for j >= i && wordByteTable[s[j]] {
			j--
		}
		if j < i {
			return true
		}
		i = j + 1
	}
	return false
}

// wordByteTable marks ASCII letters and digits.
var wordByteTable = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isWordByte(byte(c))
	}
	return t
}()

// cryptoRule returns the rule id of a coin.
func cryptoRule(coin string) string {
	switch coin {
	case "btc", "eth":
		return "payment." + coin
	case "trx":
		return "payment.tron"
	}
	return "payment.crypto"
}

// cryptoTokenEnd returns the end of the address-shaped token at src[k]:
// letters and digits, with the prefixes "bitcoincash:", "xrb_" and
// "nano_" kept.
func cryptoTokenEnd(src string, k int) int {
	j := k
	for j < len(src) && isWordByte(src[j]) {
		j++
	}
	if j+1 < len(src) && (src[j] == '_' || src[j] == ':') && isWordByte(src[j+1]) && j-k <= 11 {
		switch w := strings.ToLower(src[k:j]); {
		case src[j] == '_' && (w == "xrb" || w == "nano"):
			return cryptoTokenEnd(src, j+1)
		case src[j] == ':' && (w == "bitcoincash" || w == "bchtest"):
			return cryptoTokenEnd(src, j+1)
		}
	}
	return j
}

// walletBefore reports whether a wallet or crypto word ends shortly before
// view offset k in the same message.
func walletBefore(s *scan, v *normalize.Text, wallets []walletEnd, k int) bool {
	ok, _ := v.Span(k, k+1)
	for _, w := range wallets {
		if w.o <= ok && ok-w.o <= 48 && w.msg == s.hwMsg(ok) {
			return true
		}
	}
	return false
}

// cryptoContextMessages returns the messages that speak of crypto or of
// sending money, where a checksum-less Solana key may be taken.
func cryptoContextMessages(s *scan, v *normalize.Text, wallets []walletEnd) map[int]bool {
	out := map[int]bool{}
	for _, w := range wallets {
		out[w.msg] = true
	}
	low := v.Lower
	for _, w := range cryptoContextWords {
		for k := 0; k < len(low); {
			i := strings.Index(low[k:], w)
			if i < 0 {
				break
			}
			i += k
			if i == 0 || !hwLetterOrDigit(hwPrevRune(low, i)) {
				oi, _ := v.Span(i, i+len(w))
				out[s.hwMsg(oi)] = true
			}
			k = i + len(w)
		}
	}
	return out
}

// joinedAddress tries the token src[k:j] joined with up to five groups
// that follow it, each after a single space or hyphen, and returns the
// first join that is a valid address.
func joinedAddress(src string, k, j int, solana bool) (end int, addr, coin string, ok bool) {
	var b strings.Builder
	b.WriteString(src[k:j])
	e := j
	for n := 0; n < 5; n++ {
		if e+1 >= len(src) || (src[e] != ' ' && src[e] != '-') || !isWordByte(src[e+1]) {
			return
		}
		q := e + 1
		r := q
		for r < len(src) && isWordByte(src[r]) {
			r++
		}
		if r-q < 3 || b.Len()+r-q > maxCryptoLen {
			return
		}
		b.WriteString(src[q:r])
		e = r
		if b.Len() < 25 {
			continue
		}
		if c, good := cryptoAddress(b.String(), solana); good {
			return e, b.String(), c, true
		}
	}
	return
}

// cryptoAddress reports whether t is a valid address of a known chain and
// names the coin.
func cryptoAddress(t string, solana bool) (string, bool) {
	n := len(t)
	if n < 14 || n > maxCryptoLen {
		return "", false
	}
	low := strings.ToLower(t)
	switch {
	case n == 42 && t[0] == '0' && t[1] == 'x':
		return "eth", checksum.Ethereum(t)
	case n == 76 && isHexString(t):
		return "sia", siacoinValid(t)
	case strings.HasPrefix(low, "bitcoincash:"):
		return "bch", cashAddrValid("bitcoincash", t[len("bitcoincash:"):])
	case strings.HasPrefix(low, "xrb_") || strings.HasPrefix(low, "nano_"):
		return "nano", nanoValid(t)
	}
	if sep := strings.LastIndexByte(t, '1'); sep > 0 && sep+7 <= n && bech32Shaped(t) {
		switch hrp := low[:sep]; hrp {
		case "bc":
			if checksum.Bech32Segwit(t) {
				return "btc", true
			}
		case "tb", "bcrt":
			// testnet
		default:
			if coin, known := bech32Chains[hrp]; known && n >= 20 && bech32Valid(low, sep) {
				return coin, true
			}
		}
	}
	if n == 42 && (t[0] == 'q' || t[0] == 'p') && bech32Shaped(t) && cashAddrValid("bitcoincash", t) {
		return "bch", true
	}
	if base58Shaped(t) {
		if n >= 25 && n <= 36 {
			if coin, ok := base58CheckCoin(t); ok {
				return coin, true
			}
			if t[0] == 'r' && rippleValid(t) {
				return "xrp", true
			}
			if n == 35 && t[0] == 'D' && decredValid(t) {
				return "dcr", true
			}
			if n == 35 && t[0] == '3' && wavesValid(t) {
				return "waves", true
			}
		}
		switch {
		case n == 47 || n == 48:
			if ss58Valid(t) {
				return "dot", true
			}
		case n == 95 || n == 106 || n == 97 || n == 108:
			if moneroValid(t) {
				return "xmr", true
			}
		}
		if n >= 50 && byronValid(t) {
			return "ada", true
		}
		if solana && n >= 32 && n <= 44 && solanaShaped(t) {
			return "sol", true
		}
	}
	if base32Shaped(t) {
		switch {
		case n == 56 && t[0] == 'G':
			return "xlm", stellarValid(t)
		case n == 58:
			return "algo", algorandValid(t)
		case n == 40 && t[0] == 'N':
			return "xem", nemValid(t)
		}
	}
	return "", false
}

// bech32Chains maps the human-readable parts of other chains' bech32
// addresses to their coin. A valid checksum under an unknown part (BIP-173's
// "tc1…" test vectors) is not taken.
var bech32Chains = map[string]string{
	"ltc": "ltc", "dgb": "dgb", "vtc": "vtc", "grs": "grs", "btg": "btg", "cro": "cro", "tcro": "cro",
	"addr": "ada", "stake": "ada", "cosmos": "atom", "osmo": "osmo", "terra": "luna", "bnb": "bnb",
	"zil": "zil", "one": "one", "inj": "inj", "sei": "sei", "celestia": "tia", "kava": "kava",
	"secret": "scrt", "akash": "akt", "juno": "juno", "axelar": "axl", "thor": "rune", "erd": "egld",
	"xch": "xch", "ckb": "ckb", "hs": "hns", "zs": "zec", "nano": "nano", "band": "band",
}

// base58CheckCoin decodes t as Base58Check with a 1–3 byte version and a
// 20-byte hash. Bitcoin testnet versions are refused.
func base58CheckCoin(t string) (string, bool) {
	ver, payload, ok := checksum.Base58Check(t)
	if !ok {
		return "", false
	}
	switch len(payload) {
	case 20: // a one-byte version
	case 21:
		// Two-byte versions of the Zcash family (t1, t3, Horizen zn,
		// SnowGem s1, Bitcoin Private b1).
		if ver != 0x1c && ver != 0x1d && ver != 0x20 && ver != 0x13 {
			return "", false
		}
	case 22:
		// Tezos' three-byte prefixes: tz1, tz2, tz3 accounts, KT1
		// contracts.
		if !(strings.HasPrefix(t, "tz1") || strings.HasPrefix(t, "tz2") || strings.HasPrefix(t, "tz3") || strings.HasPrefix(t, "KT1")) {
			return "", false
		}
		return "xtz", true
	default:
		return "", false
	}
	switch {
	case checksum.BitcoinBase58(t):
		return "btc", true
	case checksum.Tron(t):
		return "trx", true
	case len(payload) == 20 && (ver == 0x6f || ver == 0xc4):
		return "", false // Bitcoin testnet ('m', 'n', '2')
	}
	return "b58", true
}

// bitcoinAlphabet is the Base58 alphabet of Bitcoin (and of most chains).
const bitcoinAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// rippleAlphabet is the Base58 alphabet of the XRP Ledger.
const rippleAlphabet = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz"

// base58Index maps a byte to its Bitcoin Base58 digit, or 0xff.
var base58Index = alphabetIndex(bitcoinAlphabet)

// rippleToBitcoin rewrites an XRP address in Bitcoin's alphabet, digit
// for digit, so that the Base58Check decoder can verify it.
var rippleToBitcoin = func() (t [256]byte) {
	for i := 0; i < len(rippleAlphabet); i++ {
		t[rippleAlphabet[i]] = bitcoinAlphabet[i]
	}
	return t
}()

func alphabetIndex(a string) (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i := 0; i < len(a); i++ {
		t[a[i]] = byte(i)
	}
	return t
}

func base58Shaped(t string) bool {
	for i := 0; i < len(t); i++ {
		if base58Index[t[i]] == 0xff {
			return false
		}
	}
	return true
}

// rippleValid checks an XRP account address: Base58Check over Ripple's
// alphabet, version 0, a 20-byte account id.
func rippleValid(t string) bool {
	b := make([]byte, len(t))
	for i := 0; i < len(t); i++ {
		c := rippleToBitcoin[t[i]]
		if c == 0 {
			return false
		}
		b[i] = c
	}
	ver, payload, ok := checksum.Base58Check(string(b))
	return ok && ver == 0 && len(payload) == 20
}

// solanaShaped reports a Base58 string that decodes to exactly 32 bytes
// (an Ed25519 public key) and mixes cases and digits like one.
func solanaShaped(t string) bool {
	up, lo, dig := false, false, false
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c >= 'A' && c <= 'Z':
			up = true
		case c >= 'a' && c <= 'z':
			lo = true
		default:
			dig = true
		}
	}
	if !up || !lo || !dig {
		return false
	}
	b, ok := checksum.Base58Decode(t)
	return ok && len(b) == 32
}

// ss58Valid checks a Polkadot/Kusama/Substrate SS58 address: a 1- or
// 2-byte network prefix, a 32-byte key and the first two bytes of
// BLAKE2b-512("SS58PRE" ‖ prefix ‖ key).
func ss58Valid(t string) bool {
	b, ok := checksum.Base58Decode(t)
	if !ok {
		return false
	}
	switch {
	case len(b) == 35 && b[0] < 64:
	case len(b) == 36 && b[0] >= 64 && b[0] < 128:
	default:
		return false
	}
	h, _ := blake2b.New512(nil)
	h.Write([]byte("SS58PRE"))
	h.Write(b[:len(b)-2])
	sum := h.Sum(nil)
	return sum[0] == b[len(b)-2] && sum[1] == b[len(b)-1]
}

// wavesValid checks a Waves address: version 1, a chain id ('W'
// mainnet), a 20-byte hash, and the first four bytes of
// Keccak-256(BLAKE2b-256(the first 22 bytes)).
func wavesValid(t string) bool {
	b, ok := checksum.Base58Decode(t)
	if !ok || len(b) != 26 || b[0] != 1 || b[1] != 'W' {
		return false
	}
	inner := blake2b.Sum256(b[:22])
	sum := keccak256(inner[:])
	return string(sum[:4]) == string(b[22:])
}

// decredValid checks a Decred address: a 2-byte network id ("Ds", "Dc",
// "De" mainnet), a 20-byte hash, and the first four bytes of
// BLAKE-256(BLAKE-256(the first 22 bytes)).
func decredValid(t string) bool {
	b, ok := checksum.Base58Decode(t)
	if !ok || len(b) != 26 {
		return false
	}
	h1 := blake256(b[:22])
	h2 := blake256(h1[:])
	return string(h2[:4]) == string(b[22:])
}

// moneroValid checks a Monero (or Loki/Oxen) standard, sub- or integrated
// address: Monero's block Base58 (8 bytes per 11 characters), a varint
// network byte, two 32-byte keys (and an 8-byte payment id), and the first
// four bytes of Keccak-256 of the rest.
func moneroValid(t string) bool {
	b, ok := moneroBase58Decode(t)
	if !ok || len(b) < 69 {
		return false
	}
	sum := keccak256(b[:len(b)-4])
	return string(sum[:4]) == string(b[len(b)-4:])
}

// moneroBlockSizes maps the bytes of a block to its encoded length.
var moneroBlockSizes = [9]int{0, 2, 3, 5, 6, 7, 9, 10, 11}

func moneroBase58Decode(t string) ([]byte, bool) {
	var out []byte
	for len(t) > 0 {
		n := min(11, len(t))
		block := t[:n]
		t = t[n:]
		size := -1
		for i, e := range moneroBlockSizes {
			if e == n {
				size = i
			}
		}
		if size < 0 {
			return nil, false
		}
		var v uint64
		for i := 0; i < n; i++ {
			d := base58Index[block[i]]
			if d == 0xff {
				return nil, false
			}
			hi, lo := bits.Mul64(v, 58)
			lo, carry := bits.Add64(lo, uint64(d), 0)
			if hi != 0 || carry != 0 {
				return nil, false
			}
			v = lo
		}
		if size < 8 && v>>(8*uint(size)) != 0 {
			return nil, false
		}
		var buf [8]byte
		binary.BigEndian.PutUint64(buf[:], v)
		out = append(out, buf[8-size:]...)
	}
	return out, true
}

// byronValid checks a Cardano Byron address: Base58 of the CBOR array
// [tag 24 (bytes), crc32 (uint)] whose CRC32 matches the bytes.
func byronValid(t string) bool {
	if len(t) > 128 {
		return false
	}
	b, ok := checksum.Base58Decode(t)
	if !ok || len(b) < 8 || b[0] != 0x82 || b[1] != 0xd8 || b[2] != 0x18 {
		return false
	}
	p := 3
	var n int
	switch h := b[p]; {
	case h >= 0x40 && h < 0x58:
		n = int(h - 0x40)
		p++
	case h == 0x58:
		if p+1 >= len(b) {
			return false
		}
		n = int(b[p+1])
		p += 2
	case h == 0x59:
		if p+2 >= len(b) {
			return false
		}
		n = int(binary.BigEndian.Uint16(b[p+1:]))
		p += 3
	default:
		return false
	}
	if p+n >= len(b) {
		return false
	}
	payload := b[p : p+n]
	p += n
	var crc uint64
	switch h := b[p]; {
	case h < 0x18:
		crc = uint64(h)
		p++
	case h == 0x18 && p+2 <= len(b):
		crc = uint64(b[p+1])
		p += 2
	case h == 0x19 && p+3 <= len(b):
		crc = uint64(binary.BigEndian.Uint16(b[p+1:]))
		p += 3
	case h == 0x1a && p+5 <= len(b):
		crc = uint64(binary.BigEndian.Uint32(b[p+1:]))
		p += 5
	default:
		return false
	}
	return p == len(b) && uint64(crc32.ChecksumIEEE(payload)) == crc
}

// isHexString reports whether t is all hexadecimal digits.
func isHexString(t string) bool {
	for i := 0; i < len(t); i++ {
		c := t[i] | 0x20
		if !(t[i] >= '0' && t[i] <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// siacoinValid checks a Siacoin address: a 32-byte hash and the first six
// bytes of its BLAKE2b-256, in hex.
func siacoinValid(t string) bool {
	var b [38]byte
	for i := 0; i < 38; i++ {
		b[i] = hexNibble(t[2*i])<<4 | hexNibble(t[2*i+1])
	}
	sum := blake2b.Sum256(b[:32])
	return string(sum[:6]) == string(b[32:])
}

func hexNibble(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c|0x20 >= 'a' && c|0x20 <= 'f':
		return c | 0x20 - 'a' + 10
	}
	return 0
}

// nanoAlphabet is Nano's Base32 alphabet.
const nanoAlphabet = "13456789abcdefghijkmnopqrstuwxyz"

var nanoIndex = alphabetIndex(nanoAlphabet)

// nanoValid checks a Nano address: "nano_" or "xrb_", 52 characters of a
// 256-bit key (4 zero padding bits first) and 8 of a BLAKE2b-40 checksum of
// the key, byte-reversed.
func nanoValid(t string) bool {
	low := strings.ToLower(t)
	body := low[strings.IndexByte(low, '_')+1:]
	if len(body) != 60 || body[0] != '1' && body[0] != '3' {
		return false
	}
	var bitv [300]byte
	for i := 0; i < 60; i++ {
		d := nanoIndex[body[i]]
		if d == 0xff {
			return false
		}
		for b := 0; b < 5; b++ {
			bitv[5*i+b] = d >> uint(4-b) & 1
		}
	}
	pack := func(from, n int) []byte {
		out := make([]byte, n)
		for i := 0; i < 8*n; i++ {
			out[i/8] = out[i/8]<<1 | bitv[from+i]
		}
		return out
	}
	key := pack(4, 32)
	check := pack(260, 5)
	h, _ := blake2b.New(5, nil)
	h.Write(key)
	sum := h.Sum(nil)
	for i := 0; i < 5; i++ {
		if sum[i] != check[4-i] {
			return false
		}
	}
	return true
}

// base32Shaped reports upper-case RFC 4648 Base32 (A–Z, 2–7).
func base32Shaped(t string) bool {
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'A' && c <= 'Z' || c >= '2' && c <= '7') {
			return false
		}
	}
	return true
}

// base32Decode decodes unpadded upper-case RFC 4648 Base32; the leftover
// bits must be zero.
func base32Decode(t string) ([]byte, bool) {
	out := make([]byte, 0, len(t)*5/8)
	acc, nbits := uint32(0), 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		var d byte
		switch {
		case c >= 'A' && c <= 'Z':
			d = c - 'A'
		case c >= '2' && c <= '7':
			d = c - '2' + 26
		default:
			return nil, false
		}
		acc = acc<<5 | uint32(d)
		nbits += 5
		if nbits >= 8 {
			nbits -= 8
			out = append(out, byte(acc>>nbits))
		}
	}
	if acc&(1<<nbits-1) != 0 {
		return nil, false
	}
	return out, true
}

// stellarValid checks a Stellar account id: version byte 6<<3 ('G'), a
// 32-byte key and a little-endian CRC16-XModem of both.
func stellarValid(t string) bool {
	b, ok := base32Decode(t)
	if !ok || len(b) != 35 || b[0] != 6<<3 {
		return false
	}
	return crc16XModem(b[:33]) == uint16(b[33])|uint16(b[34])<<8
}

func crc16XModem(b []byte) uint16 {
	crc := uint16(0)
	for _, c := range b {
		crc ^= uint16(c) << 8
		for i := 0; i < 8; i++ {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// algorandValid checks an Algorand address: a 32-byte key and the last
// four bytes of its SHA-512/256.
func algorandValid(t string) bool {
	b, ok := base32Decode(t)
	if !ok || len(b) != 36 {
		return false
	}
	sum := sha512.Sum512_256(b[:32])
	return string(sum[28:]) == string(b[32:])
}

// nemValid checks a NEM address: network byte 0x68 ('N'), a 20-byte hash
// and the first four bytes of Keccak-256 of both.
func nemValid(t string) bool {
	b, ok := base32Decode(t)
	if !ok || len(b) != 25 || b[0] != 0x68 {
		return false
	}
	sum := keccak256(b[:21])
	return string(sum[:4]) == string(b[21:])
}

func keccak256(b []byte) []byte {
	h := sha3.NewLegacyKeccak256()
	h.Write(b)
	return h.Sum(nil)
}

// bech32Charset is the BIP-173 data alphabet.
const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

var bech32Index = alphabetIndex(bech32Charset)

// bech32Shaped reports a string in one case whose part after the last '1'
// is in the bech32 alphabet.
func bech32Shaped(t string) bool {
	up, lo := false, false
	sep := strings.LastIndexByte(t, '1')
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= 'a' && c <= 'z':
			lo = true
		case c >= 'A' && c <= 'Z':
			up = true
		}
		if i > sep && bech32Index[c|0x20] == 0xff {
			return false
		}
	}
	return !(up && lo)
}

// bech32Valid checks the bech32 or bech32m checksum of a lower-case
// string whose human-readable part (letters only, at most 12) ends at sep.
func bech32Valid(low string, sep int) bool {
	hrp := low[:sep]
	if len(hrp) > 12 {
		return false
	}
	for i := 0; i < len(hrp); i++ {
		if hrp[i] < 'a' || hrp[i] > 'z' {
			return false
		}
	}
	_, ok := checksum.Bech32Checksum(low)
	return ok
}

// cashAddrValid checks a Bitcoin Cash address (cashaddr spec): the
// payload in the bech32 alphabet and a 40-bit BCH checksum over the
// prefix's low five bits, a zero, and the payload.
func cashAddrValid(prefix, payload string) bool {
	if len(payload) != 42 {
		return false
	}
	low := strings.ToLower(payload)
	if low != payload && strings.ToUpper(payload) != payload {
		return false
	}
	c := uint64(1)
	step := func(d byte) {
		c0 := byte(c >> 35)
		c = (c&0x07ffffffff)<<5 ^ uint64(d)
		if c0&0x01 != 0 {
			c ^= 0x98f2bc8e61
		}
		if c0&0x02 != 0 {
			c ^= 0x79b76d99e2
		}
		if c0&0x04 != 0 {
			c ^= 0xf33e5fb3c4
		}
		if c0&0x08 != 0 {
			c ^= 0xae2eabe2a8
		}
		if c0&0x10 != 0 {
			c ^= 0x1e4f43e470
		}
	}
	for i := 0; i < len(prefix); i++ {
		step(prefix[i] & 0x1f)
	}
	step(0)
	for i := 0; i < len(low); i++ {
		d := bech32Index[low[i]]
		if d == 0xff {
			return false
		}
		step(d)
	}
	return c^1 == 0
}
