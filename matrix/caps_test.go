package matrix

import (
	"errors"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCapValidate(t *testing.T) {
	ok := Cap{ID: "c", Level: PerPerson, Limit: 1, Window: CalendarDays(1)}
	tests := []struct {
		name  string
		edit  func(*Cap)
		field string
	}{
		{"empty id", func(c *Cap) { c.ID = "" }, "cap: id"},
		{"no level", func(c *Cap) { c.Level = 0 }, `cap "c": level`},
		{"unknown level", func(c *Cap) { c.Level = numCapLevels }, `cap "c": level`},
		{"zero limit", func(c *Cap) { c.Limit = 0 }, `cap "c": limit`},
		{"negative limit", func(c *Cap) { c.Limit = -2 }, `cap "c": limit`},
		{"no window", func(c *Cap) { c.Window = Window{} }, `cap "c": window`},
		{"zero days", func(c *Cap) { c.Window = CalendarDays(0) }, `cap "c": window`},
		{"negative months", func(c *Cap) { c.Window = CalendarMonths(-1) }, `cap "c": window`},
		{"too many days", func(c *Cap) { c.Window = CalendarDays(maxCapWindowUnits + 1) }, `cap "c": window`},
		{"zero sliding", func(c *Cap) { c.Window = Sliding(0) }, `cap "c": window`},
		{"negative sliding", func(c *Cap) { c.Window = Sliding(-time.Hour) }, `cap "c": window`},
		{"per day on sliding", func(c *Cap) { c.Window, c.PerDay = Sliding(time.Hour), true }, `cap "c": per_day`},
		{"per day overflow", func(c *Cap) { c.PerDay, c.Limit = true, maxCapLimit }, `cap "c": limit`},
		{"direct on group", func(c *Cap) { c.Level, c.Direct = PerGroup, true }, `cap "c": direct`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			err := c.Validate()
			var fe *commerce.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.ErrorIs(t, err, commerce.ErrInvalid)
		})
	}
	require.NoError(t, ok.Validate())
	for _, c := range WeComCaps() {
		require.NoError(t, c.Validate(), c.ID)
	}
}

func TestCapStrings(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{CalendarDays(1).String(), "1 calendar day"},
		{CalendarDays(7).String(), "7 calendar days"},
		{CalendarMonths(1).String(), "1 calendar month"},
		{CalendarMonths(3).String(), "3 calendar months"},
		{Sliding(90 * time.Minute).String(), "sliding 1h30m0s"},
		{Window{}.String(), "none"},
		{PerPerson.String(), "person"},
		{PerCampaign.String(), "campaign"},
		{CapLevel(9).String(), "CapLevel(9)"},
		{WeComCaps()[0].String(), `"wecom-customer-month" 1 a day per person (direct) per 1 calendar month`},
		{Cap{ID: "g", Level: PerGroup, Limit: 3, Window: Sliding(time.Hour)}.String(), `"g" 3 per group per sliding 1h0m0s`},
		{FailOpen.String(), "fail-open"},
		{FailClosed.String(), "fail-closed"},
		{IdentityPolicy(7).String(), "IdentityPolicy(7)"},
		{CauseCap.String(), "cap"},
		{CauseIdentity.String(), "identity-unknown"},
		{CauseDuplicate.String(), "duplicate"},
		{Cause(0).String(), "Cause(0)"},
		{LivesOverlap.String(), "lives-overlap"},
		{SlotClash.String(), "slot-clash"},
		{ConflictKind(0).String(), "ConflictKind(0)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) { assert.Equal(t, tt.want, tt.got) })
	}
	assert.True(t, Window{}.IsZero())
	assert.False(t, Sliding(time.Second).IsZero())
}

// TestCapSpan checks calendar windows at their edges: local midnights
// across New York's daylight-saving changes (a 23-hour and a 25-hour
// day), Shanghai's midnight (16:00 UTC), multi-day blocks from Thursday
// 1 January 1970, and WeCom's days-in-month limits (29 in February 2024,
// 28 in 2023, 31 in March).
func TestCapSpan(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	sh, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	day := Cap{ID: "d", Level: PerPerson, Limit: 2, Window: CalendarDays(1)}
	week := Cap{ID: "w", Level: PerPerson, Limit: 2, Window: CalendarDays(7)}
	wecom := WeComCaps()[0]
	quarter := Cap{ID: "q", Level: PerGroup, Limit: 1, PerDay: true, Window: CalendarMonths(3)}
	tests := []struct {
		name     string
		cap      Cap
		at       time.Time
		loc      *time.Location
		from, to time.Time
		limit    int
	}{
		{"spring forward day is 23 h", day, time.Date(2024, 3, 10, 23, 30, 0, 0, ny), ny,
			time.Date(2024, 3, 10, 0, 0, 0, 0, ny), time.Date(2024, 3, 11, 0, 0, 0, 0, ny), 2},
		{"fall back day is 25 h", day, time.Date(2024, 11, 3, 1, 30, 0, 0, ny).Add(time.Hour), ny,
			time.Date(2024, 11, 3, 0, 0, 0, 0, ny), time.Date(2024, 11, 4, 0, 0, 0, 0, ny), 2},
		{"Shanghai last instant of the day", day, time.Date(2024, 6, 1, 15, 59, 59, 999999999, time.UTC), sh,
			time.Date(2024, 6, 1, 0, 0, 0, 0, sh), time.Date(2024, 6, 2, 0, 0, 0, 0, sh), 2},
		{"Shanghai midnight starts the next day", day, time.Date(2024, 6, 1, 16, 0, 0, 0, time.UTC), sh,
			time.Date(2024, 6, 2, 0, 0, 0, 0, sh), time.Date(2024, 6, 3, 0, 0, 0, 0, sh), 2},
		{"7-day block from a Thursday", week, time.Date(2024, 6, 5, 12, 0, 0, 0, time.UTC), time.UTC,
			time.Date(2024, 5, 30, 0, 0, 0, 0, time.UTC), time.Date(2024, 6, 6, 0, 0, 0, 0, time.UTC), 2},
		{"before 1970", week, time.Date(1969, 12, 31, 12, 0, 0, 0, time.UTC), time.UTC,
			time.Date(1969, 12, 25, 0, 0, 0, 0, time.UTC), time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), 2},
		{"WeCom February 2024", wecom, time.Date(2024, 2, 10, 9, 0, 0, 0, sh), sh,
			time.Date(2024, 2, 1, 0, 0, 0, 0, sh), time.Date(2024, 3, 1, 0, 0, 0, 0, sh), 29},
		{"WeCom February 2023", wecom, time.Date(2023, 2, 28, 23, 59, 0, 0, sh), sh,
			time.Date(2023, 2, 1, 0, 0, 0, 0, sh), time.Date(2023, 3, 1, 0, 0, 0, 0, sh), 28},
		{"WeCom March in New York", wecom, time.Date(2024, 3, 31, 23, 0, 0, 0, ny), ny,
			time.Date(2024, 3, 1, 0, 0, 0, 0, ny), time.Date(2024, 4, 1, 0, 0, 0, 0, ny), 31},
		{"quarter per day", quarter, time.Date(2024, 5, 15, 0, 0, 0, 0, time.UTC), time.UTC,
			time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), 91},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := tt.cap.spanAt(tt.at, tt.loc)
			assert.Equal(t, tt.from.UnixNano(), sp.from, "from %v", time.Unix(0, sp.from).In(tt.loc))
			assert.Equal(t, tt.to.UnixNano(), sp.to, "to %v", time.Unix(0, sp.to).In(tt.loc))
			assert.Equal(t, tt.limit, sp.limit)
		})
	}
}

// TestSlidingWindowBoundaries: a sliding window is half-open, so sends
// exactly d apart never share one, and sends 1 ns closer do, on either
// side; the reported window is the fullest [t, t+d) holding the send.
func TestSlidingWindowBoundaries(t *testing.T) {
	h := int64(time.Hour)
	c := Cap{ID: "s", Level: PerPerson, Limit: 1, Window: Sliding(time.Hour)}
	two := Cap{ID: "s2", Level: PerPerson, Limit: 2, Window: Sliding(time.Hour)}
	tests := []struct {
		name     string
		cap      Cap
		at       int64
		times    []int64
		over     bool
		from, to int64
		count    int
	}{
		{"exactly d after", c, 10 * h, []int64{9 * h}, false, 0, 0, 0},
		{"exactly d before", c, 10 * h, []int64{11 * h}, false, 0, 0, 0},
		{"1 ns short after", c, 10 * h, []int64{9*h + 1}, true, 9*h + 1, 10*h + 1, 1},
		{"1 ns short before", c, 10 * h, []int64{11*h - 1}, true, 10 * h, 11 * h, 1},
		{"same instant", c, 10 * h, []int64{10 * h}, true, 10 * h, 11 * h, 1},
		{"two either side fit apart", two, 10 * h, []int64{9*h + h/2, 10*h + h/2}, false, 0, 0, 0},
		{"two either side share one", two, 10 * h, []int64{9*h + h/2, 10*h + h/4}, true, 9*h + h/2, 10*h + h/2, 2},
		{"far away ignored", two, 10 * h, []int64{1 * h, 2 * h, 20 * h}, false, 0, 0, 0},
		{"repeated times", two, 10 * h, []int64{10*h - 5, 10*h - 5}, true, 10*h - 5, 11*h - 5, 2},
	}
	var scratch []int64
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, over := tt.cap.window(capSpan{from: tt.at, to: tt.at, limit: tt.cap.Limit}, tt.times, &scratch)
			require.Equal(t, tt.over, over)
			if over {
				assert.Equal(t, capBinding{from: tt.from, to: tt.to, count: tt.count, limit: tt.cap.Limit}, b)
			}
		})
	}
}

// TestCapWindowAllocs guards the hot path: counting a subject's sends
// against a cap allocates nothing once the scratch has grown.
func TestCapWindowAllocs(t *testing.T) {
	times := []int64{1, 5, 9, 1000, 2000, 3000}
	scratch := make([]int64, 0, 16)
	sl := Cap{ID: "s", Level: PerPerson, Limit: 2, Window: Sliding(1500)}
	cal := Cap{ID: "c", Level: PerPerson, Limit: 2, Window: CalendarDays(1)}
	allocs := testing.AllocsPerRun(100, func() {
		sl.window(capSpan{from: 1500, to: 1500, limit: 2}, times, &scratch)
		cal.window(capSpan{from: 0, to: 2500, limit: 2}, times, &scratch)
	})
	assert.Zero(t, allocs)
}

func TestFloorDiv(t *testing.T) {
	for _, tt := range []struct{ a, b, want int64 }{{7, 7, 1}, {6, 7, 0}, {-1, 7, -1}, {-7, 7, -1}, {-8, 7, -2}, {0, 3, 0}} {
		assert.Equal(t, tt.want, capFloorDiv(tt.a, tt.b), "%d/%d", tt.a, tt.b)
	}
	assert.True(t, errors.Is(Cap{}.Validate(), commerce.ErrInvalid))
}
