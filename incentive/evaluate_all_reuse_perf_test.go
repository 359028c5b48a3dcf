package incentive

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// TestInputResetFields: every field of input is either one reset clears
// or one of the buffers it keeps (atBuf, cbuf, wbuf and runs). A new field fails it until reset (and
// scribble, below) handle it.
func TestInputResetFields(t *testing.T) {
	var names []string
	for f := range reflect.TypeFor[input]().Fields() {
		names = append(names, f.Name)
	}
	require.Equal(t, []string{"Profile", "prior", "loc", "atBig", "atBuf", "from", "to", "toEnd", "store", "byStore",
		"chronoOK", "chronoBig", "cbuf", "storeName", "names", "zoneOff", "zoneLo", "zoneHi", "dayOK", "day0", "days",
		"dayBits", "dayStore", "dayBitsOK", "wsN", "wsClass", "wsStore", "wbuf", "sums", "runs", "nRuns",
		"monthFirst", "monthNext", "monthIdx", "eligClass", "eligAt", "elig"}, names)
}

// scribble sets every field of in that reset clears to a value an
// evaluation could leave, none zero.
func scribble(in *input, r *rand.Rand) {
	in.Profile = Profile{Facts: Facts{Merchant: "m-old"}, Events: make([]Event, 3)}
	in.prior, in.loc, in.atBig = make([]Grant, 1), time.UTC, make([]unixTime, 70)
	in.from, in.to, in.toEnd = unixTime{1, 2}, unixTime{3, 4}, unixTime{5, 6}
	in.store, in.byStore = "s-9", true
	in.chronoOK, in.chronoBig = true, make([]int32, 70)
	in.storeName, in.names = 7, []string{"p-1"}
	in.zoneOff, in.zoneLo, in.zoneHi = 3600, 8, 9
	in.dayOK, in.day0, in.days = true, 10, 11
	in.dayBits[r.IntN(len(in.dayBits))] = 1 << r.IntN(64)
	in.dayStore, in.dayBitsOK = "s-8", true
	in.wsN, in.wsClass, in.wsStore = 2, 3, 7
	in.sums = eventSums{gmv: 1, orders: 2, fee: 3, ords: true, ok: true}
	in.nRuns = 1
	in.monthFirst, in.monthNext, in.monthIdx = 12, 13, 14
	in.eligClass, in.eligAt, in.elig = 4, unixTime{15, 16}, fail
}

// TestInputReset holds EvaluateAll's one input, reset from merchant to
// merchant, to the fresh input of evaluate: after an evaluation of
// another merchant, or any values in its fields, reset leaves the input
// evaluate builds but for the buffers, and evaluating through it gives
// evaluate's result. The merchants are random treasure-host merchants
// (some with stores, some past the buffers of 64 events) under
// programmes of day runs, store rules and windows in zones with and
// without daylight saving.
func TestInputReset(t *testing.T) {
	r := rand.New(rand.NewPCG(163, 167)) // any fixed seed
	newYork, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	shanghai, err := Zone("Asia/Shanghai")
	require.NoError(t, err)
	evs := append(runVariants(t, shanghai), runVariants(t, newYork)...)
	evs = append(evs, treasureHostEvaluator(t))
	var in input
	var gbuf [grantBuf]grant
	gs := gbuf[:0]
	var grants, whyNots int
	for n := range longCases(400, 40000) {
		ev := evs[r.IntN(len(evs))]
		loc := ev.e.loc
		from := time.Date(2024, time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, loc)
		to := from.AddDate(0, 1, 0)
		m := resetMerchant(r, from, n)
		if r.IntN(3) == 0 {
			scribble(&in, r)
		}
		in.reset(&m, loc, from, to)
		fresh := input{Profile: m, prior: m.Prior, loc: loc, wsClass: -1, wsStore: -1, storeName: -1, eligClass: -1, from: instOf(from), to: instOf(to), toEnd: unixTimeOf(to)}
		fresh.atBuf, fresh.cbuf, fresh.wbuf, fresh.runs = in.atBuf, in.cbuf, in.wbuf, in.runs
		require.Equal(t, fresh, in)

		var got Result
		gs, err = ev.evaluateIn(&m, from, to, false, nil, &in, gs[:0], &got)
		want, werr := ev.evaluate(&m, from, to, false)
		require.Equal(t, werr, err)
		if err != nil {
			continue
		}
		w := got.words()
		require.Equal(t, want.words(), w)
		require.Equal(t, want.names, in.names)
		for _, g := range unpackAll(w) {
			if g.flags&gWhyNot != 0 {
				whyNots++
			} else {
				grants++
			}
		}
	}
	assert.Positive(t, grants)
	assert.Positive(t, whyNots)
	assert.Greater(t, cap(gs), len(gbuf), "a merchant grew the grant buffer, which the next ones use")
}

// resetMerchant is a random treasure-host merchant of the month from:
// a first broadcast around it, 0 to 100 orders, refunds, fees and
// broadcasts of it (some of stores, when it has stores), perhaps a
// qualification.
func resetMerchant(r *rand.Rand, from time.Time, n int) Profile {
	m := Profile{Facts: Facts{
		Merchant:         fmt.Sprintf("m-%d", n),
		Known:            FactFirstBroadcastAt | FactLastBroadcastAt | FactBroadcastStreakDays | FactExternalMonthlyGMV,
		FirstBroadcastAt: from.Add(time.Duration(r.Int64N(int64(40*24*time.Hour))) - 10*24*time.Hour), BroadcastStreakDays: int64(r.IntN(41)),
		ExternalMonthlyGMV: commerce.MustNewMoney(int64(r.IntN(200_000_000)), commerce.CNY),
	}}
	if r.IntN(3) == 0 {
		m.Facts.Stores = []string{"s-1", "s-2"}
	}
	at := func() time.Time { return from.Add(time.Duration(r.Int64N(int64(33*24*time.Hour))) - 24*time.Hour) }
	m.Events = append(m.Events, Event{Kind: Broadcast, ID: "b-0", At: m.Facts.FirstBroadcastAt})
	count := r.IntN(40)
	if r.IntN(4) == 0 {
		count = 40 + r.IntN(61) // past the buffers of 64 events
	}
	for o := range count {
		e := Event{Kind: OrderPaid, ID: fmt.Sprintf("o-%03d", o), At: at(), Amount: commerce.MustNewMoney(int64(5000+r.IntN(6000000)), commerce.CNY), Product: fmt.Sprintf("p-%d", r.IntN(5))}
		if len(m.Facts.Stores) > 0 {
			e.Store = m.Facts.Stores[r.IntN(2)]
		}
		m.Events = append(m.Events, e)
		switch r.IntN(6) {
		case 0:
			m.Events = append(m.Events, Event{Kind: OrderRefunded, ID: e.ID, At: e.At.Add(48 * time.Hour), Amount: commerce.MustNewMoney(e.Amount.Units()/2, commerce.CNY), Store: e.Store})
		case 1:
			m.Events = append(m.Events, Event{Kind: FeeCharged, ID: e.ID, At: e.At, Amount: commerce.MustNewMoney(e.Amount.Units()/20, commerce.CNY), Store: e.Store})
		case 2:
			m.Events = append(m.Events, Event{Kind: Broadcast, ID: fmt.Sprintf("b-%03d", o+1), At: e.At, Store: e.Store})
		}
	}
	if r.IntN(3) == 0 {
		m.Events = append(m.Events, Event{Kind: Qualified, ID: "q-1", At: at()})
	}
	r.Shuffle(len(m.Events), func(i, j int) { m.Events[i], m.Events[j] = m.Events[j], m.Events[i] })
	return m
}
