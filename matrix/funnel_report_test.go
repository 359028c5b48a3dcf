package matrix_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
	"github.com/livecommerce-go/livecommerce/matrix"
	"github.com/livecommerce-go/livecommerce/matrix/matrixtest"
)

func TestStepCountsConversion(t *testing.T) {
	c := matrix.StepCounts{Users: 10, Reached: []int64{8, 4, 0}}
	tests := []struct {
		name string
		got  func() (commerce.Ratio, error)
		want commerce.Ratio
		is   error
	}{
		{"step 1", func() (commerce.Ratio, error) { return c.Conversion(1) }, commerce.MustNewRatio(1, 1), nil},
		{"step 2", func() (commerce.Ratio, error) { return c.Conversion(2) }, commerce.MustNewRatio(1, 2), nil},
		{"step 3", func() (commerce.Ratio, error) { return c.Conversion(3) }, commerce.Ratio{}, nil},
		{"step 0", func() (commerce.Ratio, error) { return c.Conversion(0) }, commerce.Ratio{}, commerce.ErrInvalid},
		{"step 4", func() (commerce.Ratio, error) { return c.Conversion(4) }, commerce.Ratio{}, commerce.ErrInvalid},
		{"2 of 1", func() (commerce.Ratio, error) { return c.StepConversion(2) }, commerce.MustNewRatio(1, 2), nil},
		{"3 of 2", func() (commerce.Ratio, error) { return c.StepConversion(3) }, commerce.Ratio{}, nil},
		{"step conversion 1", func() (commerce.Ratio, error) { return c.StepConversion(1) }, commerce.Ratio{}, commerce.ErrInvalid},
		{"none at step 1", func() (commerce.Ratio, error) {
			return matrix.StepCounts{Users: 3, Reached: []int64{0, 0}}.Conversion(2)
		}, commerce.Ratio{}, commerce.ErrDivisionByZero},
		{"none at step 2", func() (commerce.Ratio, error) {
			return matrix.StepCounts{Users: 3, Reached: []int64{1, 0, 0}}.StepConversion(3)
		}, commerce.Ratio{}, commerce.ErrDivisionByZero},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.got()
			if tt.is != nil {
				require.ErrorIs(t, err, tt.is)
				return
			}
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(got), "got %v", got)
		})
	}
}

// TestTimeToConvert checks mean, median and p90 against hand-computed
// R-7 values: times 0, 10, 20, …, 90 ms to step 2 give median 45 and p90
// 81 (h = 9·0.9 = 8.1: 80 + 0.1·10); mean 45.
func TestTimeToConvert(t *testing.T) {
	f := mustFunnel(t, matrix.FunnelSpec{Steps: steps("AB"), Window: time.Second})
	var rows []matrix.Event
	for u := range 10 {
		rows = append(rows,
			matrix.Event{User: matrix.Member(u), Time: 1000, Kind: matrix.NoteImpression},
			matrix.Event{User: matrix.Member(u), Time: 1000 + int64(u)*10, Kind: matrix.NoteEngagement},
			matrix.Event{User: matrix.Member(u), Time: 2000, Kind: matrix.NoteEngagement}, // later: not the first to reach
		)
	}
	tally := f.NewTally()
	require.NoError(t, tally.Add(rows))
	r, err := tally.Report()
	require.NoError(t, err)
	assert.Equal(t, []matrix.ConvertTime{{Step: 2, Users: 10, Mean: 45 * time.Millisecond, Median: 45 * time.Millisecond, P90: 81 * time.Millisecond}}, r.TimeToConvert)

	// Halves round up: times 0 and 1 ms have mean and median 0.5 → 1 ms.
	tally.Reset()
	require.NoError(t, tally.Add(rows[:6:6]))
	r, err = tally.Report()
	require.NoError(t, err)
	assert.Equal(t, []matrix.ConvertTime{{Step: 2, Users: 2, Mean: 5 * time.Millisecond, Median: 5 * time.Millisecond, P90: 9 * time.Millisecond}}, r.TimeToConvert)
}

// TestBreakdowns credits sources by each rule on one user whose chain
// is note/0 → group/1 → live/2 with a later, unused group/3.
func TestBreakdowns(t *testing.T) {
	events := "A@1/0 B@2/1 C@3/2 B@4/3 A@9/1"
	tests := []struct {
		bd   matrix.Breakdown
		step int
		want matrix.Source
	}{
		{matrix.FirstTouch, 0, 0},
		{matrix.LastTouch, 0, 2},
		{matrix.StepTouch, 1, 0},
		{matrix.StepTouch, 2, 1},
		{matrix.StepTouch, 3, 2},
	}
	for _, tt := range tests {
		for _, mode := range []matrix.Mode{dflt, opt} {
			t.Run(tt.bd.String()+"/"+mode.String(), func(t *testing.T) {
				f := mustFunnel(t, matrix.FunnelSpec{Steps: steps("ABCD"), Window: 5 * time.Millisecond, Mode: mode, Sources: 4, Breakdown: tt.bd, BreakdownStep: tt.step})
				tally := f.NewTally()
				require.NoError(t, tally.Add(parseEvents(t, events)))
				r, err := tally.Report()
				require.NoError(t, err)
				require.Len(t, r.Sources, 1)
				assert.Equal(t, tt.want, r.Sources[0].Source)
				assert.Equal(t, []int64{1, 1, 1, 0}, r.Sources[0].Reached)
			})
		}
	}
	f := mustFunnel(t, matrix.FunnelSpec{Steps: steps("ABCD"), Sources: 4, Breakdown: matrix.StepTouch, BreakdownStep: 4})
	tally := f.NewTally()
	require.NoError(t, tally.Add(parseEvents(t, events)))
	r, err := tally.Report()
	require.NoError(t, err)
	assert.Equal(t, []matrix.SourceCounts{{Source: matrix.NoSource, StepCounts: matrix.StepCounts{Users: 1, Reached: []int64{1, 0, 0, 0}}}}, r.Sources,
		"short of the breakdown step: no source")
}

// TestDays checks that days are calendar days in the funnel's location:
// 23:30 and 00:30 UTC are the same day in UTC+8 (07:30 and 08:30) but
// not in UTC; 15:30 and 16:30 UTC straddle midnight in UTC+8.
func TestDays(t *testing.T) {
	base := time.Date(2024, time.June, 17, 0, 0, 0, 0, time.UTC)
	at := func(h, m int) int64 {
		return base.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute).UnixMilli()
	}
	rows := []matrix.Event{
		{User: 0, Time: at(23, 30), Kind: matrix.NoteImpression},
		{User: 1, Time: at(24, 30), Kind: matrix.NoteImpression},
		{User: 2, Time: at(15, 30), Kind: matrix.NoteImpression},
		{User: 3, Time: at(16, 30), Kind: matrix.NoteImpression},
		{User: 4, Time: at(1, 0), Kind: matrix.Order}, // no step 1: in no day
	}
	shanghai := time.FixedZone("UTC+8", 8*60*60)
	tests := []struct {
		loc  *time.Location
		want []string
	}{
		{nil, []string{"2024-06-17 [3]", "2024-06-18 [1]"}},
		{shanghai, []string{"2024-06-17 [1]", "2024-06-18 [3]"}},
	}
	for _, tt := range tests {
		t.Run(tt.loc.String(), func(t *testing.T) {
			f := mustFunnel(t, matrix.FunnelSpec{Steps: steps("A"), Location: tt.loc})
			tally := f.NewTally()
			require.NoError(t, tally.Add(rows))
			r, err := tally.Report()
			require.NoError(t, err)
			var got []string
			for _, d := range r.Days {
				assert.Zero(t, d.Day.Hour())
				got = append(got, d.Day.Format(time.DateOnly)+" "+fmtInts(d.Reached))
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, int64(5), r.Total.Users)
		})
	}
}

func fmtInts(v []int64) string {
	s := "["
	for i, x := range v {
		if i > 0 {
			s += " "
		}
		s += time.Duration(x).String()[:len(time.Duration(x).String())-2]
	}
	return s + "]"
}

// TestDaysCacheLocation checks per-day counts in a zone with daylight
// saving time against time.Time's own calendar, user by user.
func TestDaysDST(t *testing.T) {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	f := mustFunnel(t, matrix.FunnelSpec{Steps: steps("A"), Location: loc})
	rows := matrixtest.FunnelEvents{Users: 300, PerUser: 3, Kinds: 1, Seed: 4, Span: time.Hour,
		Start: time.Date(2024, time.March, 8, 0, 0, 0, 0, loc)}.Generate()
	tally := f.NewTally()
	require.NoError(t, tally.Add(rows))
	r, err := tally.Report()
	require.NoError(t, err)
	first := map[matrix.Member]int64{}
	for _, e := range rows {
		if v, ok := first[e.User]; !ok || e.Time < v { // one step: the first event completes the funnel
			first[e.User] = e.Time
		}
	}
	want := map[string]int64{}
	for _, ms := range first {
		want[time.UnixMilli(ms).In(loc).Format(time.DateOnly)]++
	}
	got := map[string]int64{}
	for _, d := range r.Days {
		got[d.Day.Format(time.DateOnly)] = d.Reached[0]
	}
	assert.Equal(t, want, got)
}

func TestRetention(t *testing.T) {
	is := func(d int) func(int) bool { return func(x int) bool { return x == d } }
	tests := []struct {
		name string
		rows []int
		want []bool
	}{
		// The anchors §2.5, executed on ClickHouse 18.16.
		{"d 1 2 3", []int{1, 2, 3}, []bool{true, true, true}},
		{"d 2 3", []int{2, 3}, []bool{false, false, false}},
		{"d 3 1", []int{3, 1}, []bool{true, false, true}},
		{"none", nil, []bool{false, false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := matrix.Retention(tt.rows, is(1), is(2), is(3))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	_, err := matrix.Retention([]int{1})
	require.ErrorIs(t, err, commerce.ErrInvalid)
	_, err = matrix.Retention([]int{1}, is(1), nil)
	require.ErrorIs(t, err, commerce.ErrInvalid)
	many := make([]func(int) bool, 33)
	for i := range many {
		many[i] = is(i)
	}
	_, err = matrix.Retention([]int{1}, many...)
	require.ErrorIs(t, err, commerce.ErrInvalid)
	got, err := matrix.Retention([]int{0, 31}, many[:32]...)
	require.NoError(t, err)
	assert.True(t, got[0] && got[31] && !got[1])
}

func TestFunnelNames(t *testing.T) {
	assert.Equal(t, "group-join", matrix.GroupJoin.String())
	assert.Equal(t, "Kind(9)", matrix.Kind(9).String())
	assert.Equal(t, "default", dflt.String())
	assert.Equal(t, "strict_deduplication|strict_increase", (dedup | incr).String())
	assert.Equal(t, "optimal|Mode(0x40)", (opt | 1<<6).String())
	assert.Equal(t, "Mode(0x40)", matrix.Mode(1<<6).String())
	for b, want := range map[matrix.Breakdown]string{matrix.NoBreakdown: "none", matrix.FirstTouch: "first-touch",
		matrix.LastTouch: "last-touch", matrix.StepTouch: "step-touch", 9: "Breakdown(9)"} {
		assert.Equal(t, want, b.String())
	}
	f := mustFunnel(t, matrix.FunnelSpec{Steps: steps("AB")})
	assert.Equal(t, 2, f.Steps())
	k, ok := f.Kind("order")
	assert.True(t, ok)
	assert.Equal(t, matrix.Order, k)
	_, ok = f.Kind("coupon")
	assert.False(t, ok)
	assert.Equal(t, "Kind(16)", f.KindName(matrix.FirstCustomKind))
}

// TestAddAllocs guards the batch path: a warm tally allocates nothing
// per row or per user to Add a batch of the same shape (only the
// per-day map's and the time-to-convert slices' first growth, which a
// Reset keeps... except the map, re-made by Reset).
func TestAddAllocs(t *testing.T) {
	f := mustFunnel(t, matrix.FunnelSpec{Steps: steps("ABC"), Window: time.Hour})
	rows := matrixtest.FunnelEvents{Users: 500, PerUser: 100, Kinds: 4, Seed: 5, Span: time.Hour}.Generate()
	tally := f.NewTally()
	require.NoError(t, tally.Add(rows))
	allocs := testing.AllocsPerRun(5, func() {
		tally.Reset()
		if err := tally.Add(rows); err != nil {
			t.Fatal(err)
		}
	})
	// Reset makes the level histogram and the day map afresh (2), and the
	// map and its day rows grow for the 4 days of the stream (a few).
	assert.LessOrEqual(t, allocs, 12.0, "50,000 rows of 500 users")
}

// TestStreamAllocs guards the streaming update: no allocation per event
// once the state has room for the users.
func TestStreamAllocs(t *testing.T) {
	f := mustFunnel(t, matrix.FunnelSpec{Steps: steps("ABC"), Window: time.Hour, Breakdown: matrix.LastTouch, Sources: 3})
	rows := matrixtest.FunnelEvents{Users: 100, PerUser: 50, Kinds: 4, Seed: 6, Sources: 3, Ordered: true}.Generate()
	s := f.NewStream()
	require.NoError(t, s.Add(matrix.Event{User: 99, Time: rows[0].Time, Kind: matrix.Share}))
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		if err := s.Add(rows[i]); err != nil {
			t.Fatal(err)
		}
		i++
	})
	assert.Zero(t, allocs)
}

// TestWideSpans checks times more than 2^40 ms apart (35 years; the
// comparison-sort path) and before 1970.
func TestWideSpans(t *testing.T) {
	century := 100 * 365 * 24 * time.Hour
	f := mustFunnel(t, matrix.FunnelSpec{Steps: steps("AB"), Window: century})
	tests := []struct {
		name   string
		events []matrix.Event
		want   int
	}{
		{"2^41 ms apart, in the window", []matrix.Event{{Time: 1 << 41, Kind: matrix.NoteEngagement}, {Time: 0, Kind: matrix.NoteImpression}}, 2},
		{"2^42 ms apart, past it", []matrix.Event{{Time: 1 << 42, Kind: matrix.NoteEngagement}, {Time: 0, Kind: matrix.NoteImpression}}, 1},
		{"before 1970", []matrix.Event{{Time: -1 << 41, Kind: matrix.NoteImpression}, {Time: -1, Kind: matrix.NoteEngagement}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.Level(tt.events)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			tally := f.NewTally()
			require.NoError(t, tally.Add(tt.events))
			r, err := tally.Report()
			require.NoError(t, err)
			assert.Equal(t, int64(1), r.Total.Reached[tt.want-1])
			require.Len(t, r.Days, 1)
		})
	}
	tally := f.NewTally()
	require.NoError(t, tally.Add([]matrix.Event{{Time: -1, Kind: matrix.NoteImpression}}))
	r, err := tally.Report()
	require.NoError(t, err)
	assert.Equal(t, "1969-12-31", r.Days[0].Day.Format(time.DateOnly), "a millisecond before the epoch")
}

func TestStreamReset(t *testing.T) {
	f := mustFunnel(t, matrix.FunnelSpec{Steps: steps("AB"), Mode: opt})
	s := f.NewStream()
	rows := parseEvents(t, "A@1 B@1 B@2")
	_, err := s.AddAll(rows)
	require.NoError(t, err)
	s.Reset()
	assert.Zero(t, s.Users())
	n, err := s.AddAll(append(rows[:1:1], matrix.Event{Time: 0, Kind: matrix.NoteEngagement}))
	require.ErrorIs(t, err, matrix.ErrOutOfOrder, "after Reset, user 0 starts afresh at 1 ms")
	assert.Equal(t, 1, n)
	var zero *matrix.FunnelStream
	zero.Reset() // does nothing
}
