package live_test

import (
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/live"
	"github.com/livecommerce-go/livecommerce/live/livetest"
)

// BenchmarkPlanRosterCupWeek: 7 days × 3 hosts with overtime, a roster.
func BenchmarkPlanRosterCupWeek(b *testing.B) {
	spec := livetest.CupWeek()
	spec.Overtime = true
	b.ReportAllocs()
	for b.Loop() {
		if _, err := live.PlanRoster(spec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlanRosterCupCertificate: 7 days × 3 hosts at 40 h, the
// certificate.
func BenchmarkPlanRosterCupCertificate(b *testing.B) {
	spec := livetest.CupWeek()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := live.PlanRoster(spec); err == nil {
			b.Fatal("want a certificate")
		}
	}
}

// BenchmarkPlanRosterCupWeekOnAir: 7 days × 3 hosts, at most 4 h on air,
// 4 days in a row, cyclic.
func BenchmarkPlanRosterCupWeekOnAir(b *testing.B) {
	spec := livetest.CupWeek()
	spec.Overtime = true
	spec.MaxOnAir = 4 * time.Hour
	spec.MaxConsecutiveDays = 4
	spec.Cyclic = true
	b.ReportAllocs()
	for b.Loop() {
		if _, err := live.PlanRoster(spec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlanRoster28x5: 28 days × 5 hosts at 40 h, at most 4 h on air,
// cyclic.
func BenchmarkPlanRoster28x5(b *testing.B) {
	spec := livetest.CupWeek()
	spec.Weeks = 4
	spec.Hosts = append(spec.Hosts, live.RosterHost{ID: "host-d"}, live.RosterHost{ID: "host-e"})
	spec.MaxOnAir = 4 * time.Hour
	spec.Cyclic = true
	b.ReportAllocs()
	for b.Loop() {
		if _, err := live.PlanRoster(spec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyRosterCupWeek re-checks the cup week's roster.
func BenchmarkVerifyRosterCupWeek(b *testing.B) {
	spec := livetest.CupWeek()
	spec.Overtime = true
	r, err := live.PlanRoster(spec)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := live.VerifyRoster(spec, r); err != nil {
			b.Fatal(err)
		}
	}
}
