package incentive_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/incentive"
)

// small is a valid programme in JSON form, exercising every field the
// edits below touch.
const small = `{
  "id": "p", "version": "1",
  "source": {"kind": "internal-doc", "ref": "test"},
  "effective": {"from": "2024-01-01T00:00:00+08:00", "to": "2025-01-01T00:00:00+08:00"},
  "recorded": "2024-01-01T00:00:00+08:00",
  "zone": "Asia/Shanghai", "currency": "CNY", "rounding": "HalfUp",
  "calendars": [{"id": "cn", "holidays": ["2024-10-01"], "workdays": ["2024-10-12"]}],
  "rules": [
    {"id": "r", "beneficiary": "merchant", "per": "beneficiary",
     "eligibility": [{"kind": "at-least", "fact": "store-score", "value": "4.2"},
                     {"kind": "refund-gate", "rate": "30%", "min-orders": 10}],
     "anchor": "event", "window": {"kind": "calendar-month"},
     "payout": {"kind": "business-days", "days": 10, "calendar": "cn"},
     "award": {"kind": "cash", "amount": "CNY 100.00"},
     "caps": [{"entity": "merchant", "period": "month", "amount": "CNY 1000.00"}]},
    {"id": "s", "beneficiary": "store", "per": "beneficiary", "metric": "gmv",
     "tiers": [{"to": "CNY 100.00", "award": {"kind": "cash", "amount": "CNY 1.00"}},
               {"from": "CNY 100.00", "award": {"kind": "cash", "amount": "CNY 2.00"}}]}
  ],
  "stacking": [{"id": "g", "mode": "exclusive", "rules": ["r", "s"]}]
}`

func TestParseErrors(t *testing.T) {
	fixed := strings.Replace(small, `"id": "s", `, `"id": "s", "priority": 1, `, 1)
	_, err := incentive.ParseProgramme([]byte(fixed))
	require.NoError(t, err)
	tests := []struct {
		name      string
		old, new  string // the edit of fixed
		code      incentive.Code
		path, msg string
	}{
		{"unknown field", `"zone"`, `"colour": "red", "zone"`, incentive.CodeMalformed, "", `unknown field "colour"`},
		{"duplicate key", `"zone"`, `"id": "q", "zone"`, incentive.CodeMalformed, "", `json: : key "id" repeated`},
		{"nested duplicate key", `"days": 10,`, `"days": 10, "days": 11,`, incentive.CodeMalformed, "", `key "days" repeated`},
		{"upper-case key", `"zone"`, `"Zone2": 1, "zone"`, incentive.CodeMalformed, "", `key "Zone2" is not lower-case`},
		{"case-folded key", `"zone"`, `"ZONE": "UTC", "zone"`, incentive.CodeMalformed, "", `key "ZONE" is not lower-case`},
		{"trailing data", "]\n}", "]\n} {}", incentive.CodeMalformed, "", "data after the programme"},
		{"trailing garbage", "]\n}", "]\n}x", incentive.CodeMalformed, "", "data after the programme"},
		{"truncated", "]\n}", "]", incentive.CodeMalformed, "", "json"},
		{"not an object", `{`, `[{`, incentive.CodeMalformed, "", "json"},
		{"wrong type", `"min-orders": 10`, `"min-orders": "10"`, incentive.CodeMalformed, "", "json"},
		{"bad money", `"CNY 100.00"}`, `"CNY 1.001"}`, incentive.CodeMalformed, "rules[0].award.amount", "inexact"},
		{"bad rate", `"30%"`, `"30 %"`, incentive.CodeMalformed, "rules[0].eligibility[1].rate", "invalid syntax"},
		{"value with a suffix", `"value": "4.2"`, `"value": "4.2%"`, incentive.CodeMalformed, "rules[0].eligibility[0].value", "want a plain decimal"},
		{"unknown fact", `"store-score"`, `"store-rank"`, incentive.CodeMalformed, "rules[0].eligibility[0].fact", `unknown fact "store-rank"`},
		{"unknown predicate kind", `"kind": "at-least"`, `"kind": "at-most"`, incentive.CodeMalformed, "rules[0].eligibility[0].kind", `unknown predicate kind "at-most"`},
		{"no predicate kind", `"kind": "at-least", `, ``, incentive.CodeMalformed, "rules[0].eligibility[0].kind", "needs a kind"},
		{"unknown award kind", `"kind": "cash", "amount": "CNY 100.00"`, `"kind": "gold", "amount": "CNY 100.00"`, incentive.CodeMalformed, "rules[0].award.kind", `unknown award kind "gold"`},
		{"no award kind", `"kind": "cash", "amount": "CNY 100.00"`, `"amount": "CNY 100.00"`, incentive.CodeMalformed, "rules[0].award.kind", "needs a kind"},
		{"unknown window kind", `"calendar-month"`, `"fortnight"`, incentive.CodeMalformed, "rules[0].window.kind", `unknown window kind "fortnight"`},
		{"no window kind", `{"kind": "calendar-month"}`, `{}`, incentive.CodeMalformed, "rules[0].window.kind", "needs a kind"},
		{"unknown calendar", `"calendar": "cn"`, `"calendar": "us"`, incentive.CodeUnknownReference, "rules[0].payout.calendar", `no calendar "us"`},
		{"unused calendar", `"payout": {"kind": "business-days", "days": 10, "calendar": "cn"},`, ``, incentive.CodeMalformed, "calendars[0]", "not used"},
		{"calendar twice", `"calendars": [`, `"calendars": [{"id": "cn"}, `, incentive.CodeDuplicate, "calendars[1].id", "declared twice"},
		{"bad calendar", `"workdays": ["2024-10-12"]`, `"workdays": ["2024-10-11"]`, incentive.CodeMalformed, "calendars[0].workdays[0]", "is a Friday"},
		{"bad date", `"2024-10-01"`, `"2024-10-32"`, incentive.CodeMalformed, "calendars[0].holidays[0]", "want YYYY-MM-DD"},
		{"bad workday date", `"2024-10-12"`, `"12/10/2024"`, incentive.CodeMalformed, "calendars[0].workdays[0]", "want YYYY-MM-DD"},
		{"bad instant", `"recorded": "2024-01-01T00:00:00+08:00"`, `"recorded": "2024-01-01 00:00"`, incentive.CodeMalformed, "recorded", "RFC 3339"},
		{"bad currency", `"currency": "CNY"`, `"currency": "RMB"`, incentive.CodeMalformed, "currency", "unknown currency"},
		{"bad rounding", `"HalfUp"`, `"half-up"`, incentive.CodeMalformed, "rounding", `unknown rounding mode "half-up"`},
		{"bad source kind", `"internal-doc"`, `"rumour"`, incentive.CodeMalformed, "source.kind", `unknown source kind "rumour"`},
		{"bad entity", `"entity": "merchant"`, `"entity": "brand"`, incentive.CodeMalformed, "rules[0].caps[0].entity", `unknown entity "brand"`},
		{"bad period", `"period": "month"`, `"period": "week"`, incentive.CodeMalformed, "rules[0].caps[0].period", `unknown cap period "week"`},
		{"cap without period", `"period": "month", `, ``, incentive.CodeCapWithoutPeriod, "rules[0].caps[0].period", "needs a period"},
		{"bad mode", `"exclusive"`, `"both"`, incentive.CodeMalformed, "stacking[0].mode", `unknown stacking mode "both"`},
		{"bad metric", `"metric": "gmv"`, `"metric": "views"`, incentive.CodeMalformed, "rules[1].metric", `unknown metric "views"`},
		{"tier gap", `{"from": "CNY 100.00"`, `{"from": "CNY 100.01"`, incentive.CodeTierGap, "rules[1].tiers[1]", "CNY 100.00 to CNY 100.01 is in no tier"},
		{"tier overlap", `{"from": "CNY 100.00"`, `{"from": "CNY 99.99"`, incentive.CodeTierOverlap, "rules[1].tiers[1]", "overlaps tier 0"},
		{"rate over 100%", `"30%"`, `"130%"`, incentive.CodeRateOver100, "rules[0].eligibility[1].rate", "outside 0% to 100%"},
		{"ambiguous stacking", `"priority": 1, `, ``, incentive.CodeAmbiguousStacking, "stacking[0].rules[1]", "same priority"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Contains(t, fixed, tt.old)
			_, err := incentive.ParseProgramme([]byte(strings.Replace(fixed, tt.old, tt.new, 1)))
			var pe *incentive.ProgrammeError
			require.True(t, errors.As(err, &pe), "want a ProgrammeError, got %v", err)
			assert.Equal(t, tt.code, pe.Code, "%v", err)
			assert.Equal(t, tt.path, pe.Path, "%v", err)
			assert.Contains(t, pe.Reason, tt.msg)
			assert.ErrorIs(t, err, incentive.ErrInvalidProgramme)
		})
	}
}

func TestParseDeepNesting(t *testing.T) {
	deep := strings.Repeat(`{"kind": "any-of", "of": [`, 40) + `{"kind": "opened-within", "days": 1}` + strings.Repeat("]}", 40)
	doc := strings.Replace(minimalJSON, `"rules": [`, `"rules": [{"id": "deep", "beneficiary": "merchant", "per": "beneficiary", "award": {"kind": "cash", "amount": "CNY 1.00"}, "eligibility": [`+deep+`]}, `, 1)
	_, err := incentive.ParseProgramme([]byte(doc))
	var pe *incentive.ProgrammeError
	require.True(t, errors.As(err, &pe))
	assert.Contains(t, pe.Reason, "nested deeper than 32")
	deep = strings.Repeat(`{"kind": "any-of", "of": [`, 12) + `{"kind": "opened-within", "days": 1}` + strings.Repeat("]}", 12)
	doc = strings.Replace(minimalJSON, `"rules": [`, `"rules": [{"id": "deep", "beneficiary": "merchant", "per": "beneficiary", "award": {"kind": "cash", "amount": "CNY 1.00"}, "eligibility": [`+deep+`]}, `, 1)
	_, err = incentive.ParseProgramme([]byte(doc))
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, incentive.CodeMalformed, pe.Code)
	assert.Contains(t, pe.Reason, "predicates nest deeper than 8")
}

// minimalJSON is minimal() in JSON form.
const minimalJSON = `{"id": "test-programme", "version": "v1", "source": {"kind": "internal-doc", "ref": "test"},
  "effective": {"from": "2024-01-01T00:00:00+08:00", "to": "2025-01-01T00:00:00+08:00"},
  "recorded": "2024-01-01T00:00:00+08:00", "zone": "Asia/Shanghai", "currency": "CNY", "rounding": "HalfUp",
  "rules": [{"id": "r", "beneficiary": "merchant", "per": "beneficiary", "award": {"kind": "traffic-views", "views": 1000}}]}`

func TestParseMinimalEqualsGo(t *testing.T) {
	p, err := incentive.ParseProgramme([]byte(minimalJSON))
	require.NoError(t, err)
	assert.True(t, minimal().Equal(p))
	other := minimal()
	other.Rules[0].Award.Views++
	assert.False(t, other.Equal(p))
	invalid := minimal()
	invalid.ID = ""
	assert.True(t, invalid.Equal(invalid))
	assert.False(t, invalid.Equal(p))
}

// TestRoundTrip parses, marshals and parses again every built-in programme
// and the test programmes: the two parses are equal and the second
// marshalling is byte-identical to the first.
func TestRoundTrip(t *testing.T) {
	c := incentive.Builtin()
	var docs []incentive.Programme
	for _, id := range c.IDs() {
		for _, v := range c.Versions(id) {
			p, err := c.Version(id, v)
			require.NoError(t, err)
			docs = append(docs, p)
		}
	}
	fixed := strings.Replace(small, `"id": "s", `, `"id": "s", "priority": 1, `, 1)
	docs = append(docs, incentive.MustParseProgramme([]byte(fixed)), minimal())
	for _, p := range docs {
		t.Run(p.ID+"@"+p.Version, func(t *testing.T) {
			b1, err := p.MarshalJSON()
			require.NoError(t, err)
			q, err := incentive.ParseProgramme(b1)
			require.NoError(t, err)
			assert.True(t, p.Equal(q))
			b2, err := json.Marshal(q)
			require.NoError(t, err)
			assert.JSONEq(t, string(b1), string(b2))
			var r incentive.Programme
			require.NoError(t, json.Unmarshal(b2, &r))
			assert.Equal(t, q, r) // parsed forms are equal field by field
			b3, err := r.MarshalJSON()
			require.NoError(t, err)
			assert.Equal(t, string(b1), string(b3))
		})
	}
}

func TestMarshalInvalid(t *testing.T) {
	p := minimal()
	p.Zone = "Mars/Olympus"
	_, err := p.MarshalJSON()
	assert.ErrorIs(t, err, incentive.ErrInvalidProgramme)
	var q incentive.Programme
	err = json.Unmarshal([]byte(`{"id": 1}`), &q)
	assert.Error(t, err)
	assert.Equal(t, incentive.Programme{}, q)
	assert.Panics(t, func() { incentive.MustParseProgramme([]byte("{}")) })
}
