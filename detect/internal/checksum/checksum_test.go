package checksum

import (
	"crypto/sha256"
	"encoding/hex"
	"math/big"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

type boolCase struct {
	in   string
	want bool
	note string
}

func runBool(t *testing.T, name string, f func(string) bool, cases []boolCase) {
	t.Helper()
	for _, c := range cases {
		if got := f(c.in); got != c.want {
			t.Errorf("%s(%q) = %v, want %v (%s)", name, c.in, got, c.want, c.note)
		}
	}
}

// ---------------------------------------------------------------- IBAN

func TestIBAN(t *testing.T) {
	runBool(t, "IBAN", IBAN, []boolCase{
		// Must pass.
		{"GB82WEST12345698765432", true, "ISO 13616 / ECBS example"},
		{"GB82 WEST 1234 5698 7654 32", true, "paper format"},
		{"gb82west12345698765432", true, "lower case"},
		{" GB82 west 1234 5698 7654 32 ", true, "mixed case, leading/trailing spaces"},
		{"DE89370400440532013000", true, "Germany"},
		{"DE89 3704 0044 0532 0130 00", true, "Germany, paper format"},
		{"NO9386011117947", true, "shortest registered length (15)"},
		{"LC55HEMM000100010012001200023015", true, "Saint Lucia (32)"},
		{"RU0204452560040702810412345678901", true, "Russia (33)"},
		{"MT84MALT011000012345MTLCAST001S", true, "letters inside the BBAN"},
		// Must fail.
		{"GB83WEST12345698765432", false, "wrong check digits"},
		{"GB82WEST12345698765431", false, "wrong last digit"},
		{"GB82WEST12345698765423", false, "transposed digits"},
		{"DE89370400440532013001", false, "wrong last digit"},
		{"GB82WEST1234569876543", false, "one character short"},
		{"GB82WEST123456987654321", false, "one character long"},
		{"DE8937040044053201300", false, "wrong length"},
		{"QQ82WEST12345698765432", false, "unknown country"},
		{"XX89370400440532013000", false, "unknown country"},
		{"US64SVBKUS6S3300958879", false, "United States does not use IBAN"},
		{"GBXXWEST12345698765432", false, "letters as check digits"},
		{"1B82WEST12345698765432", false, "digit in country code"},
		{"GB82-WEST-1234-5698-7654-32", false, "only spaces are separators"},
		{"GB82\tWEST12345698765432", false, "tab is not a space"},
		{"GB82WEST1234569876543é", false, "non-ASCII"},
		{"GB82WEST12345698765432\x00", false, "NUL byte"},
		{"", false, "empty"},
		{"    ", false, "only spaces"},
		{"GB", false, "country code only"},
		{"GB82", false, "no BBAN"},
		{strings.Repeat("GB82WEST12345698765432", 10), false, "too long"},
	})
}

// TestIBANCheckDigitRange checks that the aliases 00, 01 and 99 are
// rejected although they satisfy mod 97 (ISO 13616-1 check digits are
// 02..98): "BE..98" has the aliases "BE..01", and so on.
func TestIBANCheckDigitRange(t *testing.T) {
	// Find BBANs whose correct check digits are 97, 98 and 02, whose
	// aliases 00, 01 and 99 then also give a remainder of 1.
	found := map[string]bool{}
	for i := 0; i < 100000 && len(found) < 3; i++ {
		bban := strings.Repeat("0", 12-len(itoa(i))) + itoa(i)
		cd := ibanCheckDigits("BE", bban)
		alias := map[int]int{97: 0, 98: 1, 2: 99}
		a, ok := alias[cd]
		if !ok || found[itoa(cd)] {
			continue
		}
		found[itoa(cd)] = true
		good := "BE" + twoDigits(cd) + bban
		bad := "BE" + twoDigits(a) + bban
		if !IBAN(good) {
			t.Errorf("IBAN(%q) = false, want true", good)
		}
		if !mod97Big(bad) {
			t.Fatalf("test bug: %q should pass mod 97", bad)
		}
		if IBAN(bad) {
			t.Errorf("IBAN(%q) = true, want false (check digits %02d)", bad, a)
		}
	}
	if len(found) != 3 {
		t.Fatalf("found only %v", found)
	}
}

// registrySamples are the example IBANs of the SWIFT IBAN Registry
// (ISO 13616 registration authority), one per country, in paper format.
var registrySamples = []string{
	"AD12 0001 2030 2003 5910 0100",
	"AE07 0331 2345 6789 0123 456",
	"AL47 2121 1009 0000 0002 3569 8741",
	"AT61 1904 3002 3457 3201",
	"AZ21 NABZ 0000 0000 1370 1000 1944",
	"BA39 1290 0794 0102 8494",
	"BE68 5390 0754 7034",
	"BG80 BNBG 9661 1020 3456 78",
	"BH67 BMAG 0000 1299 1234 56",
	"BI42 1000 0100 0100 0033 2045 181",
	"BR18 0036 0305 0000 1000 9795 493C 1",
	"BY13 NBRB 3600 9000 0000 2Z00 AB00",
	"CH93 0076 2011 6238 5295 7",
	"CR05 0152 0200 1026 2840 66",
	"CY17 0020 0128 0000 0012 0052 7600",
	"CZ65 0800 0000 1920 0014 5399",
	"DE89 3704 0044 0532 0130 00",
	"DK50 0040 0440 1162 43",
	"DO28 BAGR 0000 0001 2124 5361 1324",
	"EE38 2200 2210 2014 5685",
	"EG38 0019 0005 0000 0000 2631 8000 2",
	"ES91 2100 0418 4502 0005 1332",
	"FI21 1234 5600 0007 85",
	"FO62 6460 0001 6316 34",
	"FR14 2004 1010 0505 0001 3M02 606",
	"GB29 NWBK 6016 1331 9268 19",
	"GE29 NB00 0000 0101 9049 17",
	"GI75 NWBK 0000 0000 7099 453",
	"GL89 6471 0001 0002 06",
	"GR16 0110 1250 0000 0001 2300 695",
	"GT82 TRAJ 0102 0000 0012 1002 9690",
	"HR12 1001 0051 8630 0016 0",
	"HU42 1177 3016 1111 1018 0000 0000",
	"IE29 AIBK 9311 5212 3456 78",
	"IL62 0108 0000 0009 9999 999",
	"IQ98 NBIQ 8501 2345 6789 012",
	"IS14 0159 2600 7654 5510 7303 39",
	"IT60 X054 2811 1010 0000 0123 456",
	"JO94 CBJO 0010 0000 0000 0131 0003 02",
	"KW81 CBKU 0000 0000 0000 1234 5601 01",
	"KZ86 125K ZT50 0410 0100",
	"LB62 0999 0000 0001 0019 0122 9114",
	"LC55 HEMM 0001 0001 0012 0012 0002 3015",
	"LI21 0881 0000 2324 013A A",
	"LT12 1000 0111 0100 1000",
	"LU28 0019 4006 4475 0000",
	"LV80 BANK 0000 4351 9500 1",
	"LY83 0020 4800 0020 1001 2036 1",
	"MC58 1122 2000 0101 2345 6789 030",
	"MD24 AG00 0225 1000 1310 4168",
	"ME25 5050 0001 2345 6789 51",
	"MK07 2501 2000 0058 984",
	"MR13 0002 0001 0100 0012 3456 753",
	"MT84 MALT 0110 0001 2345 MTLC AST0 01S",
	"MU17 BOMM 0101 1010 3030 0200 000M UR",
	"NL91 ABNA 0417 1643 00",
	"NO93 8601 1117 947",
	"PK36 SCBL 0000 0011 2345 6702",
	"PL61 1090 1014 0000 0712 1981 2874",
	"PS92 PALS 0000 0000 0400 1234 5670 2",
	"PT50 0002 0123 1234 5678 9015 4",
	"QA58 DOHB 0000 1234 5678 90AB CDEF G",
	"RO49 AAAA 1B31 0075 9384 0000",
	"RS35 2600 0560 1001 6113 79",
	"SA03 8000 0000 6080 1016 7519",
	"SC18 SSCB 1101 0000 0000 0000 1497 USD",
	"SD21 2901 0501 2340 01",
	"SE45 5000 0000 0583 9825 7466",
	"SI56 2633 0001 2039 086",
	"SK31 1200 0000 1987 4263 7541",
	"SM86 U032 2509 8000 0000 0270 100",
	"ST23 0001 0001 0051 8453 1014 6",
	"SV62 CENR 0000 0000 0000 0070 0025",
	"TL38 0080 0123 4567 8910 157",
	"TN59 1000 6035 1835 9847 8831",
	"TR33 0006 1005 1978 6457 8413 26",
	"UA21 3223 1300 0002 6007 2335 6600 1",
	"VA59 0011 2300 0012 3456 78",
	"VG96 VPVG 0000 0123 4567 8901",
	"XK05 1212 0123 4567 8906",
}

func TestIBANRegistrySamples(t *testing.T) {
	for _, s := range registrySamples {
		if !IBAN(s) {
			t.Errorf("IBAN(%q) = false, want true", s)
		}
		compact := strings.ReplaceAll(s, " ", "")
		if n, ok := IBANCountryLength(compact[:2]); !ok || n != len(compact) {
			t.Errorf("IBANCountryLength(%q) = %d, %v; sample has %d", compact[:2], n, ok, len(compact))
		}
		// Changing any single character must break the checksum
		// (MOD 97-10 detects all single substitutions).
		for i := 4; i < len(compact); i++ {
			b := []byte(compact)
			if b[i] == '9' {
				b[i] = '0'
			} else if b[i] >= '0' && b[i] <= '8' {
				b[i]++
			} else {
				continue
			}
			if IBAN(string(b)) {
				t.Errorf("IBAN(%q) = true after changing position %d", b, i)
			}
		}
	}
}

func TestIBANCountryLength(t *testing.T) {
	for _, c := range []struct {
		cc   string
		n    int
		want bool
	}{
		{"GB", 22, true},
		{"DE", 22, true},
		{"NO", 15, true},
		{"LC", 32, true},
		{"RU", 33, true},
		{"FR", 27, true},
		{"GF", 27, true},  // territory listed under FR
		{"AX", 18, true},  // territory listed under FI
		{"JE", 22, true},  // territory listed under GB
		{"DZ", 26, true},  // experimental
		{"MA", 28, true},  // experimental
		{"gb", 0, false},  // upper case only
		{"QQ", 0, false},  // unknown
		{"US", 0, false},  // no IBAN
		{"GBR", 0, false}, // alpha-3
		{"G", 0, false},
		{"", 0, false},
	} {
		n, ok := IBANCountryLength(c.cc)
		if n != c.n || ok != c.want {
			t.Errorf("IBANCountryLength(%q) = %d, %v, want %d, %v", c.cc, n, ok, c.n, c.want)
		}
	}
	if len(ibanLengths) < 80 {
		t.Errorf("only %d countries in the table", len(ibanLengths))
	}
	for cc, n := range ibanLengths {
		if len(cc) != 2 || !isUpper(cc[0]) || !isUpper(cc[1]) {
			t.Errorf("bad country code %q", cc)
		}
		if n < 15 || n > ibanMaxLen {
			t.Errorf("%s: length %d outside 15..%d", cc, n, ibanMaxLen)
		}
	}
}

// TestIBANMod97AgainstBigInt compares the incremental remainder with a
// math/big computation on random well-formed strings.
func TestIBANMod97AgainstBigInt(t *testing.T) {
	r := rand.New(rand.NewSource(97))
	const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	valid := 0
	for i := 0; i < 20000; i++ {
		cc := "GB"
		if i%2 == 1 {
			cc = "MT" // 31 characters, alphanumeric BBAN
		}
		n, _ := IBANCountryLength(cc)
		b := []byte(cc + twoDigits(2+r.Intn(97)))
		for len(b) < n {
			b = append(b, alnum[r.Intn(len(alnum))])
		}
		if i%3 == 0 { // make about a third of them valid
			b[2], b[3] = '0', '0'
			cd := ibanCheckDigits(cc, string(b[4:]))
			copy(b[2:], twoDigits(cd))
		}
		s := string(b)
		if got, want := IBAN(s), mod97Big(s); got != want {
			t.Fatalf("IBAN(%q) = %v, big.Int says %v", s, got, want)
		}
		if IBAN(s) {
			valid++
		}
	}
	if valid < 6000 {
		t.Errorf("only %d valid strings generated", valid)
	}
}

// ibanNumeric returns the ISO 7064 digit string of the rearranged IBAN.
func ibanNumeric(s string) string {
	var sb strings.Builder
	for _, c := range s[4:] + s[:4] {
		if c >= 'A' && c <= 'Z' {
			sb.WriteString(itoa(int(c-'A') + 10))
		} else {
			sb.WriteRune(c)
		}
	}
	return sb.String()
}

func mod97Big(s string) bool {
	n, ok := new(big.Int).SetString(ibanNumeric(s), 10)
	return ok && new(big.Int).Mod(n, big.NewInt(97)).Int64() == 1
}

// ibanCheckDigits computes ISO 7064 MOD 97-10 check digits with math/big.
func ibanCheckDigits(cc, bban string) int {
	n, _ := new(big.Int).SetString(ibanNumeric(cc+"00"+bban), 10)
	return 98 - int(new(big.Int).Mod(n, big.NewInt(97)).Int64())
}

func itoa(i int) string { return big.NewInt(int64(i)).String() }

func twoDigits(i int) string { return string([]byte{byte('0' + i/10), byte('0' + i%10)}) }

// ---------------------------------------------------------------- Base58

// base58Encode is a reference encoder (math/big) for round-trip checks.
func base58Encode(b []byte) string {
	n := new(big.Int).SetBytes(b)
	var out []byte
	mod := new(big.Int)
	for n.Sign() > 0 {
		n.DivMod(n, big.NewInt(58), mod)
		out = append(out, base58Alphabet[mod.Int64()])
	}
	for _, c := range b {
		if c != 0 {
			break
		}
		out = append(out, '1')
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}

func base58CheckEncode(version byte, payload []byte) string {
	b := append([]byte{version}, payload...)
	h1 := sha256.Sum256(b)
	h2 := sha256.Sum256(h1[:])
	return base58Encode(append(b, h2[:4]...))
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBase58Check(t *testing.T) {
	for _, c := range []struct {
		in      string
		version byte
		payload string // hex
		ok      bool
	}{
		// Bitcoin Core base58_keys_valid.json.
		{"1AGNa15ZQXAZUgFiqJ2i7Z2DPU2J6hW62i", 0x00, "65a16059864a2fdbc7c99a4723a8395bc6f188eb", true},
		{"3CMNFxN1oHBc4R1EpboAL5yzHGgE611Xou", 0x05, "74f209f6ea907e2ea48f74fae05782ae8a665257", true},
		{"mo9ncXisMeAoXwqcV5EWuyncbmCcQN4rVs", 0x6f, "53c0307d6851aa0ce7825ba883c6bd9ad242b486", true},
		{"5Kd3NBUAdUnhyzenEwVLy9pBKxSwXvE9FMPyR4UKZvpe6E3AgLr", 0x80, "eddbdc1168f1daeadbd3e44c1e3f8f5a284c2029f78ad26af98583a499de5b19", true},
		{"Kz6UJmQACJmLtaQj5A3JAge4kVTNQ8gbvXuwbmCj7bsaabudb3RD", 0x80, "55c9bccb9ed68446d1b75273bbce89d7fe013a8acd1625514420fb2aca1a21c4" + "01", true},
		// Genesis block coinbase address.
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", 0x00, "62e907b15cbf27d5425399ebf6f0fb50ebb88f18", true},
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", 0, "", false}, // checksum
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN", 0, "", false},  // truncated
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7Div0Na", 0, "", false}, // '0' not in alphabet
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivONa", 0, "", false}, // 'O'
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivINa", 0, "", false}, // 'I'
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivlNa", 0, "", false}, // 'l'
		{"", 0, "", false},
		{"x", 0, "", false},
		{"11111", 0, "", false}, // five zero bytes, wrong checksum
		{strings.Repeat("z", 65), 0, "", false},
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\u00e9", 0, "", false},
	} {
		v, p, ok := Base58Check(c.in)
		if ok != c.ok {
			t.Errorf("Base58Check(%q) ok = %v, want %v", c.in, ok, c.ok)
			continue
		}
		if !ok {
			if p != nil || v != 0 {
				t.Errorf("Base58Check(%q) returned %#x %x with ok=false", c.in, v, p)
			}
			continue
		}
		if v != c.version {
			t.Errorf("Base58Check(%q) version = %#x, want %#x", c.in, v, c.version)
		}
		if diff := cmp.Diff(mustHex(t, c.payload), p); diff != "" {
			t.Errorf("Base58Check(%q) payload (-want +got):\n%s", c.in, diff)
		}
		if got := base58CheckEncode(v, p); got != c.in {
			t.Errorf("re-encoding %q gave %q", c.in, got)
		}
	}
}

func TestBase58CheckRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(58))
	for i := 0; i < 2000; i++ {
		payload := make([]byte, r.Intn(40))
		r.Read(payload)
		for j := 0; j < len(payload) && r.Intn(3) == 0; j++ {
			payload[j] = 0 // leading zero bytes become '1's
		}
		version := byte(r.Intn(256))
		if r.Intn(4) == 0 {
			version = 0
		}
		s := base58CheckEncode(version, payload)
		v, p, ok := Base58Check(s)
		if len(s) > base58MaxLen {
			if ok {
				t.Fatalf("Base58Check accepted %d characters", len(s))
			}
			continue
		}
		if !ok || v != version || !cmp.Equal(p, payload, cmpEmptyEqual) {
			t.Fatalf("Base58Check(%q) = %#x, %x, %v; want %#x, %x", s, v, p, ok, version, payload)
		}
	}
}

var cmpEmptyEqual = cmp.Comparer(func(a, b []byte) bool { return string(a) == string(b) })

func TestBitcoinBase58(t *testing.T) {
	runBool(t, "BitcoinBase58", BitcoinBase58, []boolCase{
		{"1AGNa15ZQXAZUgFiqJ2i7Z2DPU2J6hW62i", true, "P2PKH, Bitcoin Core vector"},
		{"1Ax4gZtb7gAit2TivwejZHYtNNLT18PUXJ", true, "P2PKH, Bitcoin Core vector"},
		{"3CMNFxN1oHBc4R1EpboAL5yzHGgE611Xou", true, "P2SH, Bitcoin Core vector"},
		{"3QjYXhTkvuj8qPaXHTTWb5wjXhdsLAAWVy", true, "P2SH, Bitcoin Core vector"},
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", true, "genesis coinbase"},
		{"1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", true, "bitcoinjs fixture"},
		{"3LRW7jeCvQCRdPF8S3yUCfRAx4eqXFmdcr", true, "bitcoinjs fixture"},
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", false, "bad checksum"},
		{"mo9ncXisMeAoXwqcV5EWuyncbmCcQN4rVs", false, "testnet P2PKH (0x6f)"},
		{"2N2JD6wb56AfK4tfmM6PwdVmoYk2dCKf4Br", false, "testnet P2SH (0xc4)"},
		{"5Kd3NBUAdUnhyzenEwVLy9pBKxSwXvE9FMPyR4UKZvpe6E3AgLr", false, "WIF private key"},
		{"MCZjFcwYJwwYqXAbd3bbnxaCVGs81cp43Z", false, "Litecoin P2SH"},
		{"TNDzfERDpxLDS2w1q6yaFC7pzqaSQ3Bg3r", false, "Tron"},
		{"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", false, "bech32"},
		{"", false, "empty"},
	})
}

func TestTron(t *testing.T) {
	runBool(t, "Tron", Tron, []boolCase{
		{"TNDzfERDpxLDS2w1q6yaFC7pzqaSQ3Bg3r", true, "multicoin-address-validator"},
		{"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", true, "USDT TRC-20 contract"},
		{"TNDzfERDpxLDS2w1q6yaFC7pzqaSQ3Bg31", false, "bad checksum"},
		{"TNDzfERDpxLDS2w1q6yaFC7pzqaSQ3Bg3", false, "33 characters"},
		{"27bLJCYjbH6MT8DBF9xcrK6yZnm43vx7MNQ", false, "testnet (0xa0)"},
		{"1AGNa15ZQXAZUgFiqJ2i7Z2DPU2J6hW62i", false, "Bitcoin"},
		{"xrb_1111111112111111111111111111111111111111111111111111hifc8npp", false, "Nano"},
		{"", false, "empty"},
	})
	// Any 20-byte payload with version 0x41 is a Tron address.
	r := rand.New(rand.NewSource(41))
	for i := 0; i < 200; i++ {
		p := make([]byte, 20)
		r.Read(p)
		s := base58CheckEncode(0x41, p)
		if !Tron(s) {
			t.Fatalf("Tron(%q) = false for payload %x", s, p)
		}
		if BitcoinBase58(s) {
			t.Fatalf("BitcoinBase58(%q) = true", s)
		}
	}
}

// ---------------------------------------------------------------- Bech32

func TestBech32Segwit(t *testing.T) {
	runBool(t, "Bech32Segwit", Bech32Segwit, []boolCase{
		// BIP-173 / BIP-350 valid addresses (mainnet).
		{"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", true, "v0 P2WPKH, upper case"},
		{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", true, "v0 P2WPKH, lower case"},
		{"bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3", true, "v0 P2WSH"},
		{"bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", true, "v1, 40 bytes"},
		{"BC1SW50QGDZ25J", true, "v16, 2 bytes"},
		{"bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", true, "v2, 16 bytes"},
		{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", true, "v1 taproot"},
		// Valid, but not mainnet.
		{"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", false, "testnet"},
		{"tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy", false, "testnet"},
		{"tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", false, "testnet"},
		{"bcrt1qjh3dnrafy8f2zszh5sdqn6c3ycfljh930yza9nt72v30dkw8mlvscn82zx", false, "regtest"},
		// BIP-350 invalid addresses.
		{"tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut", false, "invalid HRP"},
		{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", false, "v1 with bech32"},
		{"tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf", false, "v2 with bech32"},
		{"BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", false, "v16 with bech32"},
		{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", false, "v0 with bech32m"},
		{"tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47", false, "v0 with bech32m"},
		{"bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", false, "invalid character in checksum"},
		{"BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", false, "witness version 17"},
		{"bc1pw5dgrnzv", false, "1-byte program"},
		{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav", false, "41-byte program"},
		{"BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", false, "v0 16-byte program"},
		{"tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq", false, "mixed case"},
		{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", false, "more than 4 padding bits"},
		{"tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j", false, "non-zero padding"},
		{"bc1gmk9yu", false, "empty data section"},
		// BIP-173 invalid addresses.
		{"bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du", false, "invalid padding (BIP-173)"},
		{"bc1rw5uspcuh", false, "BIP-173 v1 2-byte program, bech32 checksum"},
		{"bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90", false, "invalid program length"},
		{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", false, "bad checksum"},
		{"bc1Qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", false, "mixed case"},
		{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 ", false, "trailing space"},
		{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t\u00e9", false, "non-ASCII"},
		{"", false, "empty"},
		{strings.Repeat("q", 91), false, "too long"},
	})
}

func TestBech32Decode(t *testing.T) {
	// BIP-173 and BIP-350 test vectors for generic strings.
	for _, c := range []struct {
		in       string
		constant uint32 // 0: invalid
	}{
		{"A12UEL5L", bech32Const},
		{"a12uel5l", bech32Const},
		{"an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs", bech32Const},
		{"abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", bech32Const},
		{"11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j", bech32Const},
		{"split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w", bech32Const},
		{"?1ezyfcl", bech32Const},
		{"A1LQFN3A", bech32mConst},
		{"a1lqfn3a", bech32mConst},
		{"an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6", bech32mConst},
		{"abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx", bech32mConst},
		{"11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8", bech32mConst},
		{"split1checkupstagehandshakeupstreamerranterredcaperredlc445v", bech32mConst},
		{"?1v759aa", bech32mConst},
		{"\x201nwldj5", 0},
		{"\x7f1axkwrx", 0},
		{"\x801eym55h", 0},
		{"an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx", 0},
		{"pzry9x0s0muk", 0},
		{"1pzry9x0s0muk", 0},
		{"x1b4n0q5v", 0},
		{"li1dgmt3", 0},
		{"de1lg7wt\xff", 0},
		{"A1G7SGD8", 0},
		{"10a06t8", 0},
		{"1qzzfhee", 0},
		{"\x201xj0phk", 0},
		{"\x7f1g6xzxy", 0},
		{"\x801vctc34", 0},
		{"an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4", 0},
		{"qyrz8wqd2c9m", 0},
		{"1qyrz8wqd2c9m", 0},
		{"y1b0jsk6g", 0},
		{"lt1igcx5c0", 0},
		{"in1muywd", 0},
		{"mm1crxm3i", 0},
		{"au1s5cgom", 0},
		{"M1VUXWEZ", 0},
		{"16plkw9", 0},
		{"1p2gdwpf", 0},
	} {
		b, ok := bech32Decode(c.in)
		if got := map[bool]uint32{true: b.constant}[ok]; got != c.constant {
			t.Errorf("bech32Decode(%q) constant = %#x (ok=%v), want %#x", c.in, b.constant, ok, c.constant)
		}
		if Bech32Segwit(c.in) {
			t.Errorf("Bech32Segwit(%q) = true for a non-address", c.in)
		}
	}
}

// ---------------------------------------------------------------- Ethereum

func TestEthereum(t *testing.T) {
	runBool(t, "Ethereum", Ethereum, []boolCase{
		// EIP-55 examples.
		{"0x52908400098527886E0F7030069857D2E4169EE7", true, "EIP-55 all caps"},
		{"0x8617E340B3D01FA5F11F306F4090FD50E238070D", true, "EIP-55 all caps"},
		{"0xde709f2102306220921060314715629080e2fb77", true, "EIP-55 all lower"},
		{"0x27b1fdb04752bbc536007a920d24acb045561c26", true, "EIP-55 all lower"},
		{"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", true, "EIP-55 mixed"},
		{"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", true, "EIP-55 mixed"},
		{"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", true, "EIP-55 mixed"},
		{"0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", true, "EIP-55 mixed"},
		{"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", true, "lower-case form of a checksummed address"},
		{"0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", true, "upper-case form of a checksummed address"},
		{"0x0000000000000000000000000000000000000000", true, "no letters"},
		// Must fail.
		{"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", false, "one letter's case flipped"},
		{"0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", false, "one letter's case flipped"},
		{"0x02fcd51aAbB814FfFe17908fbc888A8975D839A5", false, "bad EIP-55 checksum"},
		{"0XD1220A0CF47C7B9BE7A2E6BA89F429762E7B9ADB", false, "upper-case 0X prefix"},
		{"D1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", false, "no prefix"},
		{"6xAff4d6793F584a473348EbA058deb8caad77a288", false, "bad prefix"},
		{"0xff4d6793F584a473", false, "too short"},
		{"0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDbb", false, "41 hex digits"},
		{"0xg1220a0cf47c7b9be7a2e6ba89f429762e7b9adb", false, "non-hex"},
		{"0x", false, "prefix only"},
		{"", false, "empty"},
	})
}

// ---------------------------------------------------------------- ABA, Luhn

func TestABARouting(t *testing.T) {
	runBool(t, "ABARouting", ABARouting, []boolCase{
		{"011000015", true, "Federal Reserve Bank of Boston"},
		{"021000021", true, "JPMorgan Chase, New York"},
		{"111000025", true, "Bank of America, Texas"},
		{"121000358", true, "Bank of America, California"},
		{"000000000", true, "prefix 00 (US government), checksum 0"},
		{"211274450", true, "prefix 21 (thrift)"},
		{"800000006", true, "prefix 80 (traveller's cheques)"},
		{"021000022", false, "bad checksum"},
		{"121000385", false, "transposed digits"},
		{"130000006", false, "prefix 13 unassigned"},
		{"200000002", false, "prefix 20 unassigned"},
		{"330000004", false, "prefix 33 unassigned"},
		{"600000008", false, "prefix 60 unassigned"},
		{"730000001", false, "prefix 73 unassigned"},
		{"810000003", false, "prefix 81 unassigned"},
		{"02100002", false, "8 digits"},
		{"0210000210", false, "10 digits"},
		{"02100002a", false, "letter"},
		{"021 00002", false, "space"},
		{"", false, "empty"},
	})
}

func TestLuhn(t *testing.T) {
	runBool(t, "Luhn", Luhn, []boolCase{
		{"79927398713", true, "ISO/IEC 7812 example"},
		{"4111111111111111", true, "Visa test card"},
		{"4012888888881881", true, "Visa test card"},
		{"378282246310005", true, "Amex test card"},
		{"5555555555554444", true, "Mastercard test card"},
		{"0", true, "single zero"},
		{"18", true, "two digits"},
		{"79927398710", false, "bad check digit"},
		{"4111111111111112", false, "bad check digit"},
		{"4012888888881882", false, "bad check digit"},
		{"4111 1111 1111 1111", false, "spaces"},
		{"4111-1111-1111-1111", false, "dashes"},
		{"4111111111111111\u0661", false, "Arabic-Indic digit"},
		{"", false, "empty"},
	})
}

// ---------------------------------------------------------------- robustness

// TestLargeInputs checks that very long inputs are rejected quickly.
func TestLargeInputs(t *testing.T) {
	inputs := []string{
		strings.Repeat(" ", 1<<20),
		strings.Repeat("1", 1<<20),
		strings.Repeat("z", 1<<20),
		strings.Repeat("9", 1<<20),
		strings.Repeat("q", 1<<20),
		"bc1" + strings.Repeat("q", 1<<20),
		"0x" + strings.Repeat("a", 1<<20),
		"GB82" + strings.Repeat(" ", 1<<20) + "WEST12345698765432",
		strings.Repeat("\xff", 1<<20),
	}
	funcs := allFuncs()
	start := time.Now()
	for _, in := range inputs {
		for name, f := range funcs {
			if name == "IBAN" && strings.HasPrefix(in, "GB82 ") {
				if !f(in) {
					t.Errorf("IBAN with 1 MiB of spaces = false, want true")
				}
				continue
			}
			if name == "Luhn" && in[0] == '9' {
				continue // a long run of 9s is a valid Luhn string or not; only time matters
			}
			if f(in) {
				t.Errorf("%s(%d-byte input starting %q) = true", name, len(in), in[:8])
			}
		}
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("large inputs took %v", d)
	}
}

func allFuncs() map[string]func(string) bool {
	return map[string]func(string) bool{
		"IBAN":          IBAN,
		"Base58Check":   func(s string) bool { _, _, ok := Base58Check(s); return ok },
		"BitcoinBase58": BitcoinBase58,
		"Bech32Segwit":  Bech32Segwit,
		"Ethereum":      Ethereum,
		"Tron":          Tron,
		"ABARouting":    ABARouting,
		"Luhn":          Luhn,
	}
}

// asciiLower lower-cases ASCII letters only.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lower(c)
	}
	return string(b)
}

func FuzzChecksums(f *testing.F) {
	for _, s := range []string{
		"", " ", "0", "1", "11111", "0x", "bc1", "BC1",
		"GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000",
		"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "3CMNFxN1oHBc4R1EpboAL5yzHGgE611Xou",
		"5Kd3NBUAdUnhyzenEwVLy9pBKxSwXvE9FMPyR4UKZvpe6E3AgLr",
		"TNDzfERDpxLDS2w1q6yaFC7pzqaSQ3Bg3r",
		"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
		"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
		"BC1SW50QGDZ25J", "a12uel5l", "?1v759aa",
		"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
		"021000021", "4111111111111111",
		"\x00\xff\x80", "é", strings.Repeat("z", 70),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fn := range allFuncs() {
			fn(s) // must not panic
		}
		if b, ok := bech32Decode(s); ok && b.constant != bech32Const && b.constant != bech32mConst {
			t.Fatalf("bech32Decode(%q) ok with constant %#x", s, b.constant)
		}

		if IBAN(s) {
			if !IBAN(asciiLower(s)) {
				t.Errorf("IBAN(%q) true but false in lower case", s)
			}
			if !IBAN(" " + strings.ReplaceAll(s, "", " ")) {
				t.Errorf("IBAN(%q) true but false with spaces", s)
			}
			if c := strings.ReplaceAll(s, " ", ""); !mod97Big(strings.ToUpper(c)) {
				t.Errorf("IBAN(%q) true but big.Int mod 97 disagrees", s)
			}
		}
		v, p, ok := Base58Check(s)
		if ok {
			if got := base58CheckEncode(v, p); got != s {
				t.Errorf("Base58Check(%q) does not round-trip: %q", s, got)
			}
		} else if p != nil {
			t.Errorf("Base58Check(%q) returned a payload with ok=false", s)
		}
		if (BitcoinBase58(s) || Tron(s)) && (!ok || len(p) != 20) {
			t.Errorf("%q accepted as an address without a 20-byte Base58Check payload", s)
		}
		if Bech32Segwit(s) {
			if _, ok := bech32Decode(s); !ok {
				t.Errorf("Bech32Segwit(%q) true but bech32Decode fails", s)
			}
			if !Bech32Segwit(asciiLower(s)) {
				t.Errorf("Bech32Segwit(%q) true but false in lower case", s)
			}
		}
		if Ethereum(s) && (!Ethereum("0x"+asciiLower(s[2:])) || !Ethereum("0x"+strings.ToUpper(s[2:]))) {
			t.Errorf("Ethereum(%q) true but its lower/upper form is not", s)
		}
		if ABARouting(s) && len(s) != 9 {
			t.Errorf("ABARouting(%q) true for %d bytes", s, len(s))
		}
	})
}

// TestBech32Checksum checks the any-prefix checksum against BIP-173 and
// BIP-350 generic vectors, and a longer string than BIP-173 allows.
func TestBech32Checksum(t *testing.T) {
	for _, c := range []struct {
		in, hrp string
		ok      bool
	}{
		{"A12UEL5L", "a", true},
		{"abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "abcdef", true},
		{"A1LQFN3A", "a", true}, // bech32m
		{"abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx", "", false},
		{"A12UEL5l", "", false}, // mixed case
		{"pzry9x0s0muk", "", false},
	} {
		hrp, ok := Bech32Checksum(c.in)
		if ok != c.ok || ok && hrp != c.hrp {
			t.Errorf("Bech32Checksum(%q) = %q, %v, want %q, %v", c.in, hrp, ok, c.hrp, c.ok)
		}
	}
	if _, ok := Bech32Checksum("a1" + strings.Repeat("q", 200)); ok {
		t.Error("Bech32Checksum accepted a 202-character string")
	}
}
