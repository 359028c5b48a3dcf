package incentive

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Regression: ParseFeePlan and ParseRebatePlan relied on encoding/json,
// which matches keys case-insensitively, lets a repeated key win and,
// with dec.More, lets a trailing "}" or "]" through.
func TestParseFeePlanStrictKeysAndTrailing(t *testing.T) {
	good, err := XiaohongshuCommissionFree().MarshalJSON()
	require.NoError(t, err)
	src := string(good)
	_, err = ParseFeePlan(good)
	require.NoError(t, err, "the plan's own form reads back")
	cases := []struct{ name, in, reason string }{
		{"repeated key", strings.Replace(src, `"rate":"0.6%",`, `"rate":"0.6%", "rate":"60%",`, 1), `key "rate" repeated`},
		{"case-variant key", strings.Replace(src, `"id":"xhs-commission-free"`, `"ID":"xhs-commission-free"`, 1), `key "ID" is not lower-case`},
		{"case-variant duplicate", strings.Replace(src, `"id":"xhs-commission-free"`, `"id":"xhs-commission-free", "Id":"x"`, 1), `key "Id" is not lower-case`},
		{"snake_case key", strings.Replace(src, `"keep-lower-rate"`, `"keep_lower_rate"`, 1), `key "keep_lower_rate" is not lower-case kebab-case`},
		{"trailing brace", src + "}", "data after the plan"},
		{"trailing bracket", src + "]", "data after the plan"},
		{"second value", src + "{}", "data after the plan"},
		{"too deep", strings.Repeat("[", maxJSONDepth+2) + strings.Repeat("]", maxJSONDepth+2), "nested deeper"},
		{"unterminated", src[:len(src)/2], "json:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseFeePlan([]byte(c.in))
			require.Error(t, err)
			var pe *ProgrammeError
			require.True(t, errors.As(err, &pe))
			assert.Equal(t, CodeMalformed, pe.Code)
			assert.Contains(t, pe.Reason, c.reason)
		})
	}
	// the path of a repeated key inside a nested element is reported
	_, err = ParseFeePlan([]byte(strings.Replace(src, `"rate":"0.6%",`, `"rate":"0.6%", "rate":"60%",`, 1)))
	var pe *ProgrammeError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, "allowances[0]", pe.Path)
}

func TestParseRebatePlanStrictKeysAndTrailing(t *testing.T) {
	good, err := WeChatStoreProviderRebate().MarshalJSON()
	require.NoError(t, err)
	_, err = ParseRebatePlan(good)
	require.NoError(t, err)
	for name, in := range map[string]string{
		"trailing bracket":       string(good) + "]",
		"case-variant duplicate": strings.Replace(string(good), `"threshold":"0.6%",`, `"threshold":"0.6%", "Threshold":"0%",`, 1),
		"repeated key":           strings.Replace(string(good), `"threshold":"0.6%",`, `"threshold":"0.6%", "threshold":"0%",`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseRebatePlan([]byte(in))
			require.ErrorIs(t, err, ErrInvalidProgramme)
		})
	}
}
