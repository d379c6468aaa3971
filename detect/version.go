package detect

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
)

// EngineVersion names the detection code's behaviour. It changes whenever a
// change to the code makes the same text give different findings, so that
// a stored decision can be traced to the engine that made it.
const EngineVersion = "2026.11"

// Version identifies what this Detector finds: EngineVersion and a hash of
// everything configurable that changes findings (intent rules, regions,
// kinds, platform names, size limit).
func (d *Detector) Version() string { return d.version }

// detectorVersion computes Version for d, built from opts.
func detectorVersion(d *Detector, opts Options) string {
	h := sha256.New()
	write := func(parts ...string) {
		for _, p := range parts {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
		h.Write([]byte{1})
	}
	for _, src := range append(BuiltinIntentRules(), opts.IntentRules...) {
		write(src.Name, string(src.Data))
	}
	write(d.regions...)
	var kinds []string
	for k := range d.kinds {
		kinds = append(kinds, string(k))
	}
	slices.Sort(kinds)
	write(kinds...)
	write(opts.PlatformNames...)
	write(strconv.Itoa(d.maxBytes))
	return EngineVersion + "+" + hex.EncodeToString(h.Sum(nil)[:6])
}
