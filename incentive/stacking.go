package incentive

import (
	"cmp"
	"fmt"
	"slices"
)

// StackMode says how the rules of a stacking [Group] combine.
type StackMode uint8

// The stacking modes.
const (
	// Exclusive lets at most one rule of the group apply: the one with the
	// highest priority.
	Exclusive StackMode = iota + 1
	// Joint lets the group's rules apply together, at most MaxApplicable
	// of them (0 for all), highest priority first.
	Joint
	numStackModes
)

var stackModeNames = [numStackModes]string{"", "exclusive", "joint"}

// String returns "exclusive" or "joint".
func (m StackMode) String() string {
	if m > 0 && m < numStackModes {
		return stackModeNames[m]
	}
	return fmt.Sprintf("StackMode(%d)", uint8(m))
}

// Group is a stacking declaration over some of a programme's rules, in the
// manner of Voucherify's and Oracle Commerce's stacking rules.
//
// When several rules apply to the same event, they are taken by priority
// (Rule.Priority, higher first) and each is kept unless an exclusion or
// its group forbids it: a rule excluded by a kept rule, or that excludes
// one ([Rule.Excludes]), is dropped — exclusion beats stacking, whatever
// the groups say; a rule of an Exclusive group that already has a kept
// rule is dropped; so is a rule of a Joint group that already has
// MaxApplicable kept rules. A rule in no group stacks freely. So between
// two rules of different priorities that exclude each other (one way or
// both), the higher one applies and the lower one is dropped.
//
// Which rules apply never depends on rule IDs or on the order of the
// declarations: a declaration that would leave it to them is refused
// when the programme is loaded, with [CodeAmbiguousStacking]: two rules
// of an exclusive group with the same priority, a joint group with a
// limit whose rules' priorities are not all different, an exclusion
// between two rules of the same priority (one way or both: declare which
// wins with a priority), a rule in two groups. Rules of one priority
// that are kept are listed by ID, which orders the output only.
type Group struct {
	// ID names the group.
	ID string
	// Mode is Exclusive or Joint.
	Mode StackMode
	// Rules are the IDs of the group's rules.
	Rules []string
	// MaxApplicable is a Joint group's limit, 0 for none; an Exclusive
	// group's is 1 and may be left 0.
	MaxApplicable int
}

// validateStacking checks the groups and the rules' exclusions.
func validateStacking(groups []Group, rules []Rule) *ProgrammeError {
	index := make(map[string]int, len(rules))
	for i, r := range rules {
		index[r.ID] = i
	}
	inGroup := make(map[string]string)
	groupIDs := make(map[string]bool, len(groups))
	for gi, g := range groups {
		path := fmt.Sprintf("stacking[%d]", gi)
		if err := checkID(path+".id", g.ID); err != nil {
			return progErr(CodeMissing, path+".id", "group ID: %v", err)
		}
		if groupIDs[g.ID] {
			return progErr(CodeDuplicate, path+".id", "group %q declared twice", g.ID)
		}
		groupIDs[g.ID] = true
		switch {
		case g.Mode == 0 || g.Mode >= numStackModes:
			return progErr(CodeMissing, path+".mode", "a group needs a mode (exclusive or joint)")
		case g.MaxApplicable < 0:
			return progErr(CodeMalformed, path+".max-applicable", "negative %d", g.MaxApplicable)
		case g.Mode == Exclusive && g.MaxApplicable > 1:
			return progErr(CodeMalformed, path+".max-applicable", "an exclusive group applies at most 1 rule, not %d", g.MaxApplicable)
		case len(g.Rules) == 0:
			return progErr(CodeMissing, path+".rules", "a group of no rules")
		}
		priorities := make(map[int]string, len(g.Rules))
		for ri, id := range g.Rules {
			rp := fmt.Sprintf("%s.rules[%d]", path, ri)
			i, ok := index[id]
			if !ok {
				return progErr(CodeUnknownReference, rp, "no rule %q", id)
			}
			if other, dup := inGroup[id]; dup {
				if other == g.ID {
					return progErr(CodeDuplicate, rp, "rule %q listed twice", id)
				}
				return progErr(CodeAmbiguousStacking, rp, "rule %q is in groups %q and %q", id, other, g.ID)
			}
			inGroup[id] = g.ID
			limited := g.Mode == Exclusive || (g.MaxApplicable > 0 && g.MaxApplicable < len(g.Rules))
			if prev, clash := priorities[rules[i].Priority]; clash && limited {
				return progErr(CodeAmbiguousStacking, rp, "rules %q and %q of %v group %q have the same priority %d: which applies is undecided",
					prev, id, g.Mode, g.ID, rules[i].Priority)
			}
			priorities[rules[i].Priority] = id
		}
	}
	// The references first, then what they declare: a malformed list is
	// reported as such before the ambiguity it may cause.
	for i, r := range rules {
		for k, x := range r.Excludes {
			p := fmt.Sprintf("rules[%d].excludes[%d]", i, k)
			j, ok := index[x]
			switch {
			case !ok:
				return progErr(CodeUnknownReference, p, "no rule %q", x)
			case j == i:
				return progErr(CodeMalformed, p, "rule %q excludes itself", x)
			case slices.Contains(r.Excludes[:k], x):
				return progErr(CodeDuplicate, p, "%q excluded twice", x)
			}
		}
	}
	for i, r := range rules {
		for k, x := range r.Excludes {
			p := fmt.Sprintf("rules[%d].excludes[%d]", i, k)
			switch j := index[x]; {
			case rules[j].Priority != r.Priority:
			case slices.Contains(rules[j].Excludes, r.ID):
				return progErr(CodeAmbiguousStacking, p, "rules %q and %q exclude each other with the same priority %d", r.ID, x, r.Priority)
			default:
				return progErr(CodeAmbiguousStacking, p, "rule %q excludes %q of the same priority %d: which applies would be decided by rule IDs; "+
					"give the rule that wins the higher priority", r.ID, x, r.Priority)
			}
		}
	}
	return nil
}

// stacker resolves which applicable rules of a programme apply together.
// It is built once per programme.
type stacker struct {
	rules []stackRule // by rule index
	// limit[g] is group g's limit (1 for exclusive, 0 for none).
	limit []int
}

type stackRule struct {
	id       string
	priority int
	group    int // -1 for none
	excludes []int
}

func newStacker(groups []Group, rules []Rule) stacker {
	index := make(map[string]int, len(rules))
	for i, r := range rules {
		index[r.ID] = i
	}
	s := stacker{rules: make([]stackRule, len(rules)), limit: make([]int, len(groups))}
	for i, r := range rules {
		s.rules[i] = stackRule{id: r.ID, priority: r.Priority, group: -1}
		for _, x := range r.Excludes {
			s.rules[i].excludes = append(s.rules[i].excludes, index[x])
		}
	}
	for gi, g := range groups {
		s.limit[gi] = g.MaxApplicable
		if g.Mode == Exclusive {
			s.limit[gi] = 1
		}
		for _, id := range g.Rules {
			s.rules[index[id]].group = gi
		}
	}
	return s
}

// resolve returns the rules of applicable (rule indexes, in any order,
// duplicates counting once) that apply together, appended to out in
// priority order (higher first, then rule ID). For a declaration that
// validates, the set kept does not depend on the rule IDs: rules of one
// priority neither exclude each other nor share a limited group. used is scratch of
// len(groups) counts. It allocates only when out must grow to hold the
// candidates.
func (s *stacker) resolve(out, applicable []int, used []int) []int {
	start := len(out)
	out = append(out, applicable...)
	cand := out[start:]
	slices.SortFunc(cand, func(a, b int) int {
		ra, rb := &s.rules[a], &s.rules[b]
		if c := cmp.Compare(rb.priority, ra.priority); c != 0 {
			return c
		}
		return cmp.Compare(ra.id, rb.id)
	})
	cand = slices.Compact(cand)
	clear(used)
	kept := start // out[start:kept] are the kept rules; kept never passes the candidate read
next:
	for _, c := range cand {
		r := &s.rules[c]
		for _, k := range out[start:kept] {
			if slices.Contains(s.rules[k].excludes, c) || slices.Contains(r.excludes, k) {
				continue next
			}
		}
		if g := r.group; g >= 0 {
			if s.limit[g] > 0 && used[g] >= s.limit[g] {
				continue
			}
			used[g]++
		}
		out[kept] = c
		kept++
	}
	return out[:kept]
}

// Stack returns which of the applicable rules (IDs, in any order,
// duplicates counting once) apply together under the programme's stacking
// declarations, highest priority first (see [Group]). An unknown rule ID
// is a *[commerce.FieldError]; a programme that does not validate returns
// its *[ProgrammeError].
func (p Programme) Stack(applicable ...string) ([]string, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	index := make(map[string]int, len(p.Rules))
	for i, r := range p.Rules {
		index[r.ID] = i
	}
	idx := make([]int, len(applicable))
	for i, id := range applicable {
		j, ok := index[id]
		if !ok {
			return nil, fieldErr(fmt.Sprintf("programme %s@%s: applicable[%d]", p.ID, p.Version, i), "no rule %q", id)
		}
		idx[i] = j
	}
	s := newStacker(p.Stacking, p.Rules)
	kept := s.resolve(nil, idx, make([]int, len(p.Stacking)))
	out := make([]string, len(kept))
	for i, k := range kept {
		out[i] = p.Rules[k].ID
	}
	return out, nil
}
