package incentive_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/incentive"
)

// permutations returns every order of 0..n-1.
func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := slices.Insert(slices.Clone(p), i, n-1)
			out = append(out, q)
		}
	}
	return out
}

// exclusionCase is a programme of three rules: the excluder, the
// excluded and a bystander that stacks freely, declared in order.
type exclusionCase struct {
	excluder, excluded, bystander string
	pExcluder, pExcluded          int
	order                         []int // declaration order of (excluder, excluded, bystander)
	joint                         bool  // the excluder and the excluded share an unlimited joint group
}

func (c exclusionCase) programme() incentive.Programme {
	p := minimal()
	base := p.Rules[0]
	rules := []incentive.Rule{base, base, base}
	rules[0].ID, rules[0].Priority, rules[0].Excludes = c.excluder, c.pExcluder, []string{c.excluded}
	rules[1].ID, rules[1].Priority = c.excluded, c.pExcluded
	rules[2].ID, rules[2].Priority = c.bystander, 5
	p.Rules = nil
	for _, i := range c.order {
		p.Rules = append(p.Rules, rules[i])
	}
	if c.joint {
		p.Stacking = []incentive.Group{{ID: "together", Mode: incentive.Joint, Rules: []string{c.excluded, c.excluder}}}
	}
	return p
}

// namings are the ID assignments tried: every way of giving the three
// roles the IDs "a", "b" and "c", so that ID order is every order of the
// roles.
func namings() [][3]string {
	ids := []string{"a", "b", "c"}
	var out [][3]string
	for _, p := range permutations(3) {
		out = append(out, [3]string{ids[p[0]], ids[p[1]], ids[p[2]]})
	}
	return out
}

// TestOneWayExclusionAtEqualPriorityIsRefused: an exclusion between two
// rules of the same priority would be decided by rule IDs, so it is
// refused at load with CodeAmbiguousStacking, at the excluder's path,
// whatever the IDs, the declaration order and the direction, in Go and
// through the JSON parser.
func TestOneWayExclusionAtEqualPriorityIsRefused(t *testing.T) {
	n := 0
	for _, names := range namings() {
		for _, order := range permutations(3) {
			for _, joint := range []bool{false, true} {
				c := exclusionCase{excluder: names[0], excluded: names[1], bystander: names[2], pExcluder: 10, pExcluded: 10, order: order, joint: joint}
				p := c.programme()
				at := slices.Index(order, 0) // the excluder's index in p.Rules
				err := p.Validate()
				var pe *incentive.ProgrammeError
				require.ErrorAs(t, err, &pe, "%+v", c)
				assert.Equal(t, incentive.CodeAmbiguousStacking, pe.Code, "%+v", c)
				assert.Equal(t, fmt.Sprintf("rules[%d].excludes[0]", at), pe.Path, "%+v", c)
				assert.Contains(t, pe.Reason, "give the rule that wins the higher priority")

				_, err = incentive.NewCatalogue(p)
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, incentive.CodeAmbiguousStacking, pe.Code)
				n++
			}
		}
	}
	require.Equal(t, 6*6*2, n)

	// Through the parser: the same refusal, with the same code.
	p := exclusionCase{excluder: "a", excluded: "b", bystander: "c", pExcluder: 10, pExcluded: 11, order: []int{0, 1, 2}}.programme()
	b, err := p.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(b), `"priority":11`)
	tie := strings.Replace(string(b), `"priority":11`, `"priority":10`, 1)
	_, err = incentive.ParseProgramme([]byte(tie))
	var pe *incentive.ProgrammeError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, incentive.CodeAmbiguousStacking, pe.Code)
	assert.Equal(t, "rules[0].excludes[0]", pe.Path)
}

// TestExclusionAcrossPrioritiesIsDeclared: between rules of different
// priorities, the higher one applies whichever excludes the other, for
// every ID assignment, declaration order, order of the applicable rules
// and with or without a joint group over both (exclusion beats
// stacking); the bystander always stacks.
func TestExclusionAcrossPrioritiesIsDeclared(t *testing.T) {
	n := 0
	for _, excluderHigher := range []bool{true, false} {
		for _, names := range namings() {
			for _, order := range permutations(3) {
				for _, joint := range []bool{false, true} {
					c := exclusionCase{excluder: names[0], excluded: names[1], bystander: names[2], pExcluder: 10, pExcluded: 20, order: order, joint: joint}
					higher := c.excluded
					if excluderHigher {
						c.pExcluder, c.pExcluded = 20, 10
						higher = c.excluder
					}
					p := c.programme()
					require.NoError(t, p.Validate(), "%+v", c)
					want := []string{higher, c.bystander} // priority 20, then 5
					for _, applicable := range permutations(3) {
						ids := make([]string, 3)
						for k, i := range applicable {
							ids[k] = p.Rules[i].ID
						}
						got, err := p.Stack(ids...)
						require.NoError(t, err)
						require.Equal(t, want, got, "%+v, applicable %v", c, ids)
						n++
					}
					// Only the lower-priority one applicable: it applies.
					lower := c.excluder
					if excluderHigher {
						lower = c.excluded
					}
					got, err := p.Stack(lower)
					require.NoError(t, err)
					require.Equal(t, []string{lower}, got)
				}
			}
		}
	}
	require.Equal(t, 2*6*6*2*6, n)
}

// TestExclusionInEvaluation: the evaluator stacks as Stack does, so the
// grants of a programme whose rules exclude each other across
// priorities do not depend on the declaration order or the IDs.
func TestExclusionInEvaluation(t *testing.T) {
	for _, names := range namings() {
		for _, order := range permutations(3) {
			c := exclusionCase{excluder: names[0], excluded: names[1], bystander: names[2], pExcluder: 10, pExcluded: 20, order: order}
			p := c.programme()
			ev, err := incentive.Compile(p)
			require.NoError(t, err)
			from := p.Effective.From
			res, err := ev.Evaluate(incentive.Profile{Facts: incentive.Facts{Merchant: "m"}}, from, from.Add(24*time.Hour))
			require.NoError(t, err)
			var got []string
			for _, g := range res.Grants() {
				got = append(got, g.Rule)
			}
			slices.Sort(got)
			want := []string{c.excluded, c.bystander}
			slices.Sort(want)
			require.Equal(t, want, got, "%+v", c)
		}
	}
}
