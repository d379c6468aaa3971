package detect

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
)

// Numbering-plan patterns as automata over digits. libphonenumber's
// metadata describes every number type by a regular expression over
// ASCII digits ("7(?:[1-57-9]\d{8}|624\d{6})"), and Go's regexp runs the
// long ones (a country's whole plan is often hundreds of alternatives)
// with its backtracker: a few hundred nanoseconds a number type, several
// types a number. A national number is at most seventeen digits, so the
// same language read by a deterministic automaton costs one table look-up
// a digit. The automaton is built once per pattern, when its region is
// first used, and only while it stays small; the regular expression
// answers every input the automaton cannot read (any byte but a digit).

// phoneDFAMaxStates bounds the automaton of one pattern: past it the
// pattern is left to the regular expression alone. The patterns of the
// metadata need 280 at most (TestPhoneDFAMatchesRegexp).
const phoneDFAMaxStates = 4096

// phoneRE is a compiled number pattern.
type phoneRE struct {
	re *regexp.Regexp
	// next[s*10+d] is the state after digit d in state s, -1 when no
	// match can follow; the start state is 0.
	next []int32
	// midAccept[s]: a match ends here even with more input to come (the
	// pattern is not anchored at its end); endAccept[s]: a match ends
	// here when the input ends here.
	midAccept, endAccept []bool
	// anyMid: some state accepts before the end (a prefix pattern);
	// patterns anchored at both ends skip the check.
	anyMid bool
}

// mustCompilePhoneRE compiles pat, which, like every pattern this package
// builds from the metadata, starts with "^".
func mustCompilePhoneRE(pat string) *phoneRE {
	r := &phoneRE{re: regexp.MustCompile(pat)}
	r.buildDFA(pat)
	return r
}

// compilePhoneRE is mustCompilePhoneRE returning an error for a bad
// pattern.
func compilePhoneRE(pat string) (*phoneRE, error) {
	re, err := regexp.Compile(pat)
	if err != nil {
		return nil, err
	}
	r := &phoneRE{re: re}
	r.buildDFA(pat)
	return r, nil
}

// MatchString reports whether s contains a match of the pattern, as
// regexp.Regexp.MatchString does.
func (r *phoneRE) MatchString(s string) bool {
	if r.next == nil {
		return r.re.MatchString(s)
	}
	st := int32(0)
	for i := 0; i < len(s); i++ {
		if r.anyMid && r.midAccept[st] {
			return true
		}
		d := s[i] - '0'
		if d > 9 {
			return r.re.MatchString(s)
		}
		st = r.next[int(st)*10+int(d)]
		if st < 0 {
			// A byte after this one could still be a non-digit the
			// automaton cannot read, but no match starting at the
			// beginning continues past a dead state, whatever follows.
			return false
		}
	}
	return r.endAccept[st] || r.midAccept[st]
}

// buildDFA builds the automaton of pat by the subset construction over
// the program the regexp package compiles, or leaves r.next nil when the
// pattern uses anything but digits, classes, repeats, alternation and
// the text anchors, or needs too many states.
func (r *phoneRE) buildDFA(pat string) {
	if !strings.HasPrefix(pat, "^") {
		return // an unanchored search: not what the automaton reads
	}
	re, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return
	}
	b := phoneDFABuilder{prog: prog, seen: make([]uint32, len(prog.Inst)), ids: map[string]int32{}}
	start, ok := b.closure([]uint32{uint32(prog.Start)}, true)
	if !ok {
		return
	}
	b.add(start)
	for s := 0; s < len(b.states); s++ {
		for d := 0; d < 10; d++ {
			var outs []uint32
			for _, pc := range b.states[s].pcs {
				if prog.Inst[pc].MatchRune(rune('0' + d)) {
					outs = append(outs, prog.Inst[pc].Out)
				}
			}
			if len(outs) == 0 {
				b.next = append(b.next, -1)
				continue
			}
			st, ok := b.closure(outs, false)
			if !ok {
				return
			}
			if len(st.pcs) == 0 && !st.mid && !st.end {
				b.next = append(b.next, -1)
				continue
			}
			id := b.add(st)
			if id < 0 {
				return
			}
			b.next = append(b.next, id)
		}
	}
	r.next = b.next
	for _, st := range b.states {
		r.midAccept = append(r.midAccept, st.mid)
		r.endAccept = append(r.endAccept, st.end)
		r.anyMid = r.anyMid || st.mid
	}
}

// phoneDFAState is a set of the program's rune instructions, and whether
// the match instruction is reached without or with the end of the text.
type phoneDFAState struct {
	pcs      []uint32
	mid, end bool
}

type phoneDFABuilder struct {
	prog   *syntax.Prog
	seen   []uint32 // per instruction: the closure that last visited it, plus one
	gen    uint32
	ids    map[string]int32
	states []phoneDFAState
	next   []int32
}

// add returns the id of st, adding it when new; -1 past the state bound.
func (b *phoneDFABuilder) add(st phoneDFAState) int32 {
	var key strings.Builder
	key.WriteByte(byte(btoi(st.mid) | btoi(st.end)<<1))
	for _, pc := range st.pcs {
		key.WriteString(strconv.FormatUint(uint64(pc), 36))
		key.WriteByte(',')
	}
	if id, ok := b.ids[key.String()]; ok {
		return id
	}
	if len(b.states) >= phoneDFAMaxStates {
		return -1
	}
	id := int32(len(b.states))
	b.ids[key.String()] = id
	b.states = append(b.states, st)
	return id
}

func btoi(v bool) int {
	if v {
		return 1
	}
	return 0
}

// closure follows the empty moves from pcs: at the start of the text
// when atStart. It reports false for an instruction the automaton does
// not handle.
func (b *phoneDFABuilder) closure(pcs []uint32, atStart bool) (phoneDFAState, bool) {
	var st phoneDFAState
	var endPending []uint32 // instructions waiting for the end of the text
	b.gen++
	var visit func(pc uint32) bool
	visit = func(pc uint32) bool {
		for {
			if b.seen[pc] == b.gen {
				return true
			}
			b.seen[pc] = b.gen
			in := &b.prog.Inst[pc]
			switch in.Op {
			case syntax.InstAlt, syntax.InstAltMatch:
				if !visit(in.Out) {
					return false
				}
				pc = in.Arg
			case syntax.InstCapture, syntax.InstNop:
				pc = in.Out
			case syntax.InstEmptyWidth:
				switch syntax.EmptyOp(in.Arg) {
				case syntax.EmptyBeginText:
					if !atStart {
						return true
					}
					pc = in.Out
				case syntax.EmptyEndText:
					endPending = append(endPending, in.Out)
					return true
				default:
					return false
				}
			case syntax.InstMatch:
				st.mid = true
				return true
			case syntax.InstFail:
				return true
			case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
				st.pcs = append(st.pcs, pc)
				return true
			default:
				return false
			}
		}
	}
	for _, pc := range pcs {
		if !visit(pc) {
			return st, false
		}
	}
	// What the end of the text unlocks: followed without marking, as it
	// only decides whether the state accepts at the end. The walk is
	// bounded by the program's size per pending instruction, as a
	// pattern over digits has few such instructions.
	for _, pc := range endPending {
		if !b.visitEnd(pc, atStart, &st, 0) {
			return st, false
		}
	}
	slices.Sort(st.pcs)
	st.pcs = slices.Compact(st.pcs)
	return st, true
}

// visitEnd follows the empty moves from pc once the text has ended,
// setting st.end when they reach the match instruction.
func (b *phoneDFABuilder) visitEnd(pc uint32, atStart bool, st *phoneDFAState, depth int) bool {
	if depth > len(b.prog.Inst) {
		return false // an empty loop: not a pattern of the metadata
	}
	for {
		in := &b.prog.Inst[pc]
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			if !b.visitEnd(in.Out, atStart, st, depth+1) {
				return false
			}
			pc = in.Arg
		case syntax.InstCapture, syntax.InstNop:
			pc = in.Out
		case syntax.InstEmptyWidth:
			switch syntax.EmptyOp(in.Arg) {
			case syntax.EmptyBeginText:
				if !atStart {
					return true
				}
			case syntax.EmptyEndText:
			default:
				return false
			}
			pc = in.Out
		case syntax.InstMatch:
			st.end = true
			return true
		default:
			return true // a rune instruction: no input left for it
		}
		depth++
		if depth > len(b.prog.Inst) {
			return false
		}
	}
}
