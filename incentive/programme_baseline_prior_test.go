package incentive

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Regression: a baseline whose prior period was the rule's own window (or
// later) was accepted, so incremental GMV was measured against itself.
func TestBaselinePriorMustEndByMeasuredPeriod(t *testing.T) {
	base, err := Builtin().Version("tiktok-us-gmv-sprint", "2025-10")
	require.NoError(t, err)
	require.NoError(t, base.Validate())
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 0, 0, 0, 0, time.UTC) }
	fixed := Window{Kind: Fixed, From: day(10, 1), To: day(10, 31)}
	tests := []struct {
		name         string
		window       Window
		prior        Window
		ok           bool
		reasonSuffix string
	}{
		{"prior is the window", fixed, Window{Kind: Fixed, From: day(10, 1), To: day(10, 31)}, false, "the rule's window at 2025-10-01T00:00:00Z"},
		{"prior overlaps the window's first day", fixed, Window{Kind: Fixed, From: day(9, 1), To: day(10, 2)}, false, "the rule's window at 2025-10-01T00:00:00Z"},
		{"prior after the window", fixed, Window{Kind: Fixed, From: day(11, 1), To: day(12, 1)}, false, "the rule's window at 2025-10-01T00:00:00Z"},
		{"prior ends as the window starts", fixed, Window{Kind: Fixed, From: day(9, 1), To: day(10, 1)}, true, ""},
		{"later fixed window, prior in the effective period", Window{Kind: Fixed, From: day(10, 15), To: day(10, 31)}, Window{Kind: Fixed, From: day(10, 1), To: day(10, 15)}, true, ""},
		{"no window: prior overlaps the effective period", Window{}, Window{Kind: Fixed, From: day(9, 15), To: day(10, 15)}, false, "the programme's effective period at 2025-10-01T00:00:00Z"},
		{"anchored window: prior overlaps the effective period", Window{Kind: NaturalDays, Days: 7}, Window{Kind: Fixed, From: day(9, 15), To: day(10, 15)}, false, "effective period at 2025-10-01T00:00:00Z"},
		{"anchored window: prior before the effective period", Window{Kind: NaturalDays, Days: 7}, Window{Kind: Fixed, From: day(9, 1), To: day(10, 1)}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base.clone()
			r := &p.Rules[0]
			require.False(t, r.Baseline.IsZero())
			r.Window, r.Baseline.Prior = tt.window, tt.prior
			if tt.window.Kind == NaturalDays {
				r.Anchor = AtFirstBroadcast
			} else {
				r.Anchor = 0
			}
			err := p.Validate()
			if tt.ok {
				require.NoError(t, err)
				return
			}
			var pe *ProgrammeError
			require.True(t, errors.As(err, &pe), "%v", err)
			assert.Equal(t, CodeBadWindow, pe.Code)
			assert.Equal(t, "rules[0].baseline.prior", pe.Path)
			assert.Contains(t, pe.Reason, tt.reasonSuffix)
			assert.ErrorIs(t, err, ErrInvalidProgramme)
		})
	}
}
