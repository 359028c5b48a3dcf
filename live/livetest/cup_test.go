package livetest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/live"
	"github.com/livecommerce-go/livecommerce/live/livetest"
)

// TestCupWeek checks the fixture against the numbers it is calibrated to:
// DOMAIN.md's 18 hours a day from 07:00 with 3 hosts, and the anchor's
// 126 needed vs 120 available host-hours at 40 h a week.
func TestCupWeek(t *testing.T) {
	spec := livetest.CupWeek()
	require.NoError(t, spec.Validate())
	assert.Len(t, spec.Hosts, 3)
	assert.Equal(t, 7*time.Hour, spec.Opens)
	assert.Equal(t, 18*time.Hour, spec.Length)
	assert.Equal(t, time.Monday, spec.First.Weekday())
	_, offset := spec.First.In(spec.Location).Zone()
	assert.Equal(t, 8*3600, offset, "UTC+8, as Asia/Shanghai")
	assert.Equal(t, live.ChinaStateCouncil(), spec.Labour)

	_, err := live.PlanRoster(spec)
	var cert *live.Infeasible
	require.ErrorAs(t, err, &cert)
	assert.Equal(t, live.RuleWeeklyHours, cert.Rule)
	assert.Equal(t, 126*time.Hour, cert.Needed)
	assert.Equal(t, 120*time.Hour, cert.Available)
	assert.Equal(t, 6*time.Hour, cert.Overtime)

	spec.Overtime = true
	r, err := live.PlanRoster(spec)
	require.NoError(t, err)
	require.NoError(t, live.VerifyRoster(spec, r))
	var overtime time.Duration
	for _, h := range r.Totals {
		overtime += h.Overtime
		// 126 / 3 = 42 h each: 40 h of standard time and 2 h of overtime,
		// within 3 h a day as Labour counts it (the verifier checks that).
		assert.Equal(t, 42*time.Hour, h.Hours, h.Host)
		assert.Equal(t, 2*time.Hour, h.Overtime, h.Host)
	}
	assert.Equal(t, 6*time.Hour, overtime)

	// Each call returns a fresh spec: editing one leaves the next alone.
	spec.Hosts[0].ID = "changed"
	assert.Equal(t, "host-a", livetest.CupWeek().Hosts[0].ID)
}
