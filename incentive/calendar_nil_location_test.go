package incentive_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/incentive"
)

// Regression: the exported helpers taking a location panicked on nil (the
// library's rule: no exported function panics on data). A nil location is
// now UTC, as documented.
func TestNilLocationIsUTC(t *testing.T) {
	at := time.Date(2025, 9, 1, 3, 0, 0, 0, time.FixedZone("UTC+8", 8*3600)) // 2025-08-31 19:00 UTC
	tests := []struct {
		name      string
		got, want any
	}{
		{"FeeCycleOf", func() any { return incentive.FeeCycleOf(at, nil) }, incentive.FeeCycle{Year: 2025, Month: 8}},
		{"FeeCycle.Start", func() any { return incentive.FeeCycle{Year: 2025, Month: 9}.Start(nil) }, time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)},
		{"FeeCycle.End", func() any { return incentive.FeeCycle{Year: 2025, Month: 12}.End(nil) }, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"DateOf", func() any { return incentive.DateOf(at, nil) }, incentive.Date{Year: 2025, Month: 8, Day: 31}},
		{"Date.Start", func() any { return incentive.Date{Year: 2025, Month: 9, Day: 1}.Start(nil) }, time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.got.(func() any)
			require.NotPanics(t, func() { f() })
			assert.Equal(t, tt.want, f())
		})
	}
	// in UTC+8 the same instant is already in September
	assert.Equal(t, incentive.FeeCycle{Year: 2025, Month: 9}, incentive.FeeCycleOf(at, at.Location()))
}
