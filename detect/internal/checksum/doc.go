// Package checksum validates payment identifiers found by the contact-detail
// detector: IBANs (ISO 13616 / ISO 7064 MOD 97-10), Bitcoin Base58Check
// addresses, Bitcoin SegWit addresses (BIP-173 bech32 and BIP-350 bech32m),
// Ethereum addresses (EIP-55), Tron addresses, US ABA routing numbers and
// the Luhn (ISO/IEC 7812-1) check used on payment card numbers.
//
// All functions are pure: they perform no I/O, keep no state, never panic on
// any input (empty, very long or non-ASCII strings included) and run in time
// linear in the length of the input. Unless a function's documentation says
// otherwise, the input is expected to be an ASCII string from which the
// caller has already removed separators such as spaces; any other byte makes
// the function report the string as invalid.
package checksum
