package incentive_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/incentive"
)

// stackProgramme has rules a (priority 30), b (20), c (10), d (10) and e
// (0), changed by f.
func stackProgramme(f func(p *incentive.Programme)) incentive.Programme {
	p := minimal()
	base := p.Rules[0]
	p.Rules = nil
	for i, id := range []string{"a", "b", "c", "d", "e"} {
		r := base
		r.ID = id
		r.Priority = []int{30, 20, 10, 10, 0}[i]
		p.Rules = append(p.Rules, r)
	}
	f(&p)
	return p
}

func rule(p *incentive.Programme, id string) *incentive.Rule {
	for i := range p.Rules {
		if p.Rules[i].ID == id {
			return &p.Rules[i]
		}
	}
	panic(id)
}

func TestStack(t *testing.T) {
	tests := []struct {
		name       string
		p          incentive.Programme
		applicable []string
		want       []string
	}{
		{"no groups: all stack, by priority then ID", stackProgramme(func(*incentive.Programme) {}), []string{"e", "d", "c", "a"}, []string{"a", "c", "d", "e"}},
		{"exclusive keeps the highest priority", stackProgramme(func(p *incentive.Programme) {
			p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Exclusive, Rules: []string{"a", "b", "c"}}}
		}), []string{"c", "b", "e"}, []string{"b", "e"}},
		{"joint limit", stackProgramme(func(p *incentive.Programme) {
			p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Joint, Rules: []string{"a", "b", "c", "e"}, MaxApplicable: 2}}
		}), []string{"a", "b", "c", "e"}, []string{"a", "b"}},
		{"joint without limit", stackProgramme(func(p *incentive.Programme) {
			p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Joint, Rules: []string{"a", "b", "c", "d"}}}
		}), []string{"d", "c", "b", "a"}, []string{"a", "b", "c", "d"}},
		// Exclusion beats stacking: a and b are joint, but b excludes a.
		{"exclusion beats a joint group", stackProgramme(func(p *incentive.Programme) {
			rule(p, "b").Excludes = []string{"a"}
			p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Joint, Rules: []string{"a", "b"}}}
		}), []string{"a", "b"}, []string{"a"}},
		{"the excluder wins when higher", stackProgramme(func(p *incentive.Programme) {
			rule(p, "a").Excludes = []string{"c", "d"}
		}), []string{"a", "b", "c", "d"}, []string{"a", "b"}},
		{"an excluded rule's exclusions do not count", stackProgramme(func(p *incentive.Programme) {
			rule(p, "a").Excludes = []string{"b"}
			rule(p, "b").Excludes = []string{"c"}
		}), []string{"a", "b", "c"}, []string{"a", "c"}},
		{"duplicates count once", stackProgramme(func(p *incentive.Programme) {
			p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Joint, Rules: []string{"a", "b"}, MaxApplicable: 1}}
		}), []string{"b", "b", "a", "a"}, []string{"a"}},
		{"nothing applicable", stackProgramme(func(*incentive.Programme) {}), nil, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.p.Stack(tt.applicable...)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestStackErrors(t *testing.T) {
	p := stackProgramme(func(*incentive.Programme) {})
	_, err := p.Stack("a", "z")
	var fe *commerce.FieldError
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, "programme test-programme@v1: applicable[1]", fe.Field)
	p.Stacking = []incentive.Group{{ID: "g", Mode: incentive.Exclusive, Rules: []string{"c", "d"}}}
	_, err = p.Stack("c")
	assert.ErrorIs(t, err, incentive.ErrInvalidProgramme)
}

// TestStackProperties checks, over random stacking declarations that
// validate and random applicable sets: the result does not depend on the
// order of the applicable rules; it is a subset of them; no kept rule
// excludes another; exclusive groups keep at most one rule and joint
// groups at most their limit; and a dropped rule has a reason (an
// exclusion with a kept rule, or its group full of kept rules).
func TestStackProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 350))
	n := incentive.LongCases(3000, 100000)
	checked := 0
	for range n {
		p := minimal()
		base := p.Rules[0]
		p.Rules = nil
		k := 2 + r.IntN(7)
		for i := range k {
			rr := base
			rr.ID = fmt.Sprintf("r%d", i)
			rr.Priority = r.IntN(4)
			p.Rules = append(p.Rules, rr)
		}
		for i := range k {
			if r.IntN(3) == 0 {
				j := r.IntN(k)
				if j != i {
					p.Rules[i].Excludes = []string{p.Rules[j].ID}
				}
			}
		}
		perm := r.Perm(k)
		for g, at := 0, 0; at < k && g < 3; g++ {
			size := 1 + r.IntN(k-at)
			grp := incentive.Group{ID: fmt.Sprintf("g%d", g), Mode: incentive.StackMode(1 + r.IntN(2))}
			for _, i := range perm[at : at+size] {
				grp.Rules = append(grp.Rules, p.Rules[i].ID)
			}
			if grp.Mode == incentive.Joint {
				grp.MaxApplicable = r.IntN(size + 1)
			}
			p.Stacking = append(p.Stacking, grp)
			at += size
		}
		if p.Validate() != nil {
			continue // ambiguous by construction; validation's own tests cover it
		}
		checked++
		var applicable []string
		for _, rr := range p.Rules {
			if r.IntN(3) > 0 {
				applicable = append(applicable, rr.ID)
			}
		}
		got, err := p.Stack(applicable...)
		require.NoError(t, err)
		shuffled := slices.Clone(applicable)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		again, err := p.Stack(shuffled...)
		require.NoError(t, err)
		require.Equal(t, got, again)
		kept := map[string]bool{}
		for _, id := range got {
			require.Contains(t, applicable, id)
			kept[id] = true
		}
		excludes := func(a, b string) bool { return slices.Contains(rule(&p, a).Excludes, b) }
		for _, a := range got {
			for _, b := range got {
				require.False(t, excludes(a, b), "%s and %s both kept", a, b)
			}
		}
		for _, g := range p.Stacking {
			limit := g.MaxApplicable
			if g.Mode == incentive.Exclusive {
				limit = 1
			}
			inGroup := 0
			for _, id := range g.Rules {
				if kept[id] {
					inGroup++
				}
			}
			require.True(t, limit == 0 || inGroup <= limit)
			for _, id := range g.Rules {
				if !slices.Contains(applicable, id) || kept[id] {
					continue
				}
				excluded := false
				for _, k := range got {
					excluded = excluded || excludes(k, id) || excludes(id, k)
				}
				require.True(t, excluded || (limit > 0 && inGroup == limit), "%s dropped without reason", id)
			}
		}
	}
	require.Greater(t, checked, n/10, "too few valid random declarations")
}
