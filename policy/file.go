package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxFileBytes is the largest policy file Parse accepts.
const MaxFileBytes = 1 << 20

// MaxRules is the most rules a policy may have; MaxExceptions the most
// exceptions it may declare.
const (
	MaxRules      = 1000
	MaxExceptions = 64
)

// File is a policy file as written, before it is checked. Parse reads one;
// Compile checks it and returns a *Policy. YAML was chosen over TOML because
// a policy is an ordered list of rules with nested conditions, which YAML
// writes without repeated table headers, and because Trust & Safety teams
// keep comments beside the rules they explain.
type File struct {
	// Version is the format version; 1 is the only one.
	Version int `yaml:"version" json:"version"`
	// Platform is the marketplace's name, used in notices.
	Platform string `yaml:"platform,omitempty" json:"platform,omitempty"`
	// Mask replaces a masked finding unless its rule has its own.
	Mask string `yaml:"mask,omitempty" json:"mask,omitempty"`
	// Exceptions maps each exception a context may declare to what it
	// means.
	Exceptions map[string]string `yaml:"exceptions,omitempty" json:"exceptions,omitempty"`
	// Notices maps a name to a text/template rendered with NoticeData.
	Notices map[string]string `yaml:"notices,omitempty" json:"notices,omitempty"`
	// Rules are tried in order for each finding.
	Rules []RuleSpec `yaml:"rules" json:"rules"`
	// Strikes is how strikes add up; absent means the default ladder.
	Strikes StrikeSpec `yaml:"strikes,omitempty" json:"strikes"`

	name  string         // where the file came from, for messages
	lines map[string]int // "rules.3.when.kind" -> line, for messages
}

// RuleSpec is one rule of a policy file.
type RuleSpec struct {
	// ID names the rule in decisions; unique in the file.
	ID string `yaml:"id" json:"id"`
	// When holds the conditions, all of which must hold.
	When When `yaml:"when,omitempty" json:"when"`
	// Action is allow, warn, redact or block.
	Action Action `yaml:"action" json:"action"`
	// Flag opens a Trust & Safety case.
	Flag bool `yaml:"flag,omitempty" json:"flag,omitempty"`
	// Strike counts the text against its sender.
	Strike bool `yaml:"strike,omitempty" json:"strike,omitempty"`
	// Mask replaces the finding when it is blocked or redacted; empty
	// means the policy's.
	Mask string `yaml:"mask,omitempty" json:"mask,omitempty"`
	// Reason says, for people, why the rule decides as it does.
	Reason string `yaml:"reason,omitempty" json:"reason,omitempty"`
	// Notice names the notice shown to the sender.
	Notice string `yaml:"notice,omitempty" json:"notice,omitempty"`
}

// When are a rule's conditions. An empty list or a nil pointer always
// holds.
type When struct {
	Channel       List     `yaml:"channel,omitempty" json:"channel,omitempty"`
	Sender        List     `yaml:"sender,omitempty" json:"sender,omitempty"`
	Enterprise    *bool    `yaml:"enterprise,omitempty" json:"enterprise,omitempty"`
	Contract      List     `yaml:"contract,omitempty" json:"contract,omitempty"`
	Kind          List     `yaml:"kind,omitempty" json:"kind,omitempty"`
	Disguised     *bool    `yaml:"disguised,omitempty" json:"disguised,omitempty"`
	MinConfidence *float64 `yaml:"min_confidence,omitempty" json:"min_confidence,omitempty"`
	MaxConfidence *float64 `yaml:"max_confidence,omitempty" json:"max_confidence,omitempty"`
	Exception     List     `yaml:"exception,omitempty" json:"exception,omitempty"`
	Domains       List     `yaml:"domains,omitempty" json:"domains,omitempty"`
}

// List is a list of names that a file may also write as one name.
type List []string

// UnmarshalYAML reads a sequence of strings or a single string.
func (l *List) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = List{n.Value}
		return nil
	}
	var s []string
	if err := n.Decode(&s); err != nil {
		return err
	}
	*l = s
	return nil
}

// Problem is one thing wrong with a policy file.
type Problem struct {
	// File is the file's name; Line its line, 0 when unknown.
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	// Rule is the id of the rule at fault, empty for the file as a whole.
	Rule string `json:"rule,omitempty"`
	// Message says what is wrong.
	Message string `json:"message"`
}

// String formats p as "file:line: rule "id": message".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Rule != "" {
		fmt.Fprintf(&b, "rule %q: ", p.Rule)
	}
	b.WriteString(p.Message)
	return b.String()
}

// Error is every problem found in a policy file, in line order.
type Error struct {
	Problems []Problem
}

// Error lists the problems, one per line.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Parse reads a policy file. name says where it came from in messages. A
// file that is not YAML, has unknown fields or values of the wrong type
// gives an *Error listing every problem with its line; for unknown fields
// and wrong types it also returns what it could read, so that Load can
// report the problems Compile finds in the rest.
func Parse(name string, data []byte) (*File, error) {
	if len(data) > MaxFileBytes {
		return nil, &Error{[]Problem{{File: name, Message: fmt.Sprintf("file is %d bytes, the limit is %d", len(data), MaxFileBytes)}}}
	}
	f := &File{name: name, lines: map[string]int{}}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(name, err)
	}
	if len(root.Content) == 0 {
		return nil, &Error{[]Problem{{File: name, Message: "empty policy file"}}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	recordLines(f.lines, "", root.Content[0])
	if err := dec.Decode(f); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return f, yamlError(name, err)
		}
		return nil, yamlError(name, err)
	}
	return f, nil
}

// recordLines notes the line of every mapping key and sequence item under
// n, by dotted path.
func recordLines(lines map[string]int, path string, n *yaml.Node) {
	if path != "" {
		lines[path] = n.Line
	}
	prefix := path
	if prefix != "" {
		prefix += "."
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			lines[prefix+k.Value] = k.Line
			recordLines(lines, prefix+k.Value, n.Content[i+1])
			lines[prefix+k.Value] = k.Line
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			recordLines(lines, prefix+strconv.Itoa(i), c)
		}
	}
}

var (
	yamlLine   = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlField  = regexp.MustCompile(`field (\S+) not found in type policy\.(\w+)`)
	yamlType   = regexp.MustCompile(`cannot unmarshal !!(\w+) .*into (?:policy\.)?(\S+)`)
	fieldNames = map[string]string{"File": "the policy", "RuleSpec": "a rule", "When": "when", "StrikeSpec": "strikes", "StepSpec": "a step of the ladder"}
)

// yamlError turns the YAML library's error into an *Error with lines and
// the file's own words.
func yamlError(name string, err error) error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	e := &Error{}
	for _, m := range msgs {
		p := Problem{File: name, Message: m}
		if sm := yamlLine.FindStringSubmatch(m); sm != nil {
			p.Line, _ = strconv.Atoi(sm[1])
			p.Message = sm[2]
		}
		if sm := yamlField.FindStringSubmatch(p.Message); sm != nil {
			p.Message = fmt.Sprintf("unknown field %q in %s", sm[1], fieldNames[sm[2]])
		} else if sm := yamlType.FindStringSubmatch(p.Message); sm != nil {
			p.Message = fmt.Sprintf("wrong type: %s where %s is expected", yamlWords[sm[1]], typeWords(sm[2]))
		}
		e.Problems = append(e.Problems, p)
	}
	sortProblems(e.Problems)
	return e
}

// yamlWords names YAML's tags for people.
var yamlWords = map[string]string{
	"str": "text", "int": "a number", "float": "a number", "bool": "true or false",
	"seq": "a list", "map": "a mapping", "null": "nothing", "timestamp": "a date",
}

func typeWords(goType string) string {
	switch goType {
	case "bool", "*bool":
		return "true or false"
	case "float64", "*float64":
		return "a number"
	case "int":
		return "a whole number"
	case "string", "policy.Action", "Action":
		return "a string"
	case "List", "[]string":
		return "a list of names"
	case "[]policy.RuleSpec", "[]RuleSpec":
		return "a list of rules"
	case "map[string]string":
		return "a mapping of names to text"
	}
	return goType
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
}

// line returns the line of the dotted path in the file, or of its nearest
// recorded parent.
func (f *File) line(path string) int {
	for path != "" {
		if n, ok := f.lines[path]; ok {
			return n
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 0
}
