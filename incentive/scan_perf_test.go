package incentive

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// TestScanSortedMatches holds scan's ascending-ID pass, which skips the
// hash table while each kind's IDs ascend in input order, to
// checkEvents and dedup: random merchants whose IDs ascend per kind (as
// the orders of a merchant's export do), short and long, with common
// prefixes past idKey's 8 bytes, some broken by a repeat, a changed
// repeat (a conflict), an ID out of order or an invalid event, at any
// place, give the same events, instants, days, sums and errors.
func TestScanSortedMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(131, 137)) // any fixed seed
	shanghai, err := Zone("Asia/Shanghai")
	require.NoError(t, err)
	ev := treasureHostEvaluator(t)
	from := time.Date(2024, 3, 1, 0, 0, 0, 0, shanghai)
	prefixes := []string{"", "o-", "order-2024-03-", "x"}
	var ascending, invalid, conflicts, repeats, unordered int
	for range longCases(3000, 300000) {
		m := Profile{Facts: Facts{Merchant: "m-1"}}
		prefix := prefixes[r.IntN(len(prefixes))]
		width := 1 + r.IntN(4)
		var next [numEventKinds]int
		n := r.IntN(150) // past the buffers of 64 events and the table of 128
		breakAt := -1
		if r.IntN(2) == 0 {
			breakAt = r.IntN(n + 1)
		}
		for k := range n {
			if k == breakAt && k > 0 {
				e := m.Events[r.IntN(k)]
				switch r.IntN(4) {
				case 0: // a repeat
				case 1: // a conflict
					e.Product = "other"
				case 2: // out of order, not repeating: a smaller unused ID
					e.ID += "-"
					e.ID = strings.Replace(e.ID, prefix, prefix+"!", 1)
				case 3: // invalid
					e.At = time.Time{}
				}
				m.Events = append(m.Events, e)
				continue
			}
			kind := []EventKind{OrderPaid, OrderRefunded, Broadcast, FeeCharged, Qualified}[r.IntN(5)]
			next[kind] += 1 + r.IntN(3)
			e := Event{Kind: kind, ID: fmt.Sprintf("%s%0*d", prefix, width, next[kind]), At: from.Add(time.Duration(r.Int64N(int64(35*24*time.Hour))) - 2*24*time.Hour)}
			if kind == OrderPaid || kind == OrderRefunded || kind == FeeCharged {
				e.Amount = commerce.MustNewMoney(r.Int64N(1e7), commerce.CNY)
			}
			m.Events = append(m.Events, e)
		}
		_, outcome := checkScan(t, ev, m, from)
		switch {
		case outcome == scanConflict:
			conflicts++
		case outcome == scanInvalid:
			invalid++
		case outcome == scanRepeat:
			repeats++
		case idsAscend(m.Events):
			ascending++
		default:
			unordered++
		}
	}
	assert.Positive(t, ascending)
	assert.Positive(t, invalid)
	assert.Positive(t, conflicts)
	assert.Positive(t, repeats)
	assert.Positive(t, unordered)
}

// idsAscend reports whether the IDs of each kind of es ascend strictly
// in input order, as plain string comparisons say.
func idsAscend(es []Event) bool {
	last := map[EventKind]string{}
	for _, e := range es {
		if l, ok := last[e.Kind]; ok && l >= e.ID {
			return false
		}
		last[e.Kind] = e.ID
	}
	return true
}

// idKey is the key scan's loop computes of an ID (written out there): its
// first 8 bytes as a big-endian integer, padded with zero bytes.
func idKey(id string) uint64 {
	switch n := len(id); {
	case n >= 8:
		return be8(id, 0)
	case n >= 4:
		return be4(id, 0)<<32 | be4(id, n-4)<<(8*(8-n))
	case n > 0:
		return uint64(id[0])<<56 | uint64(id[n/2])<<(8*(7-n/2)) | uint64(id[n-1])<<(8*(8-n))
	}
	return 0
}

// TestScanKeyOrders holds the key scan's loop computes to the order of
// strings, as TestIDKeyOrders holds idKey: of events whose IDs ascend as
// strings, 200 of them (of 1 to 12 bytes, many sharing a prefix), scan
// finds that they ascend and skips repeats, whose table for more than 128
// events is an allocation: a key out of the strings' order would make
// one.
func TestScanKeyOrders(t *testing.T) {
	r := rand.New(rand.NewPCG(151, 157)) // any fixed seed
	alphabet := []byte("-019az~")
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for range longCases(20, 2000) {
		seen := map[string]bool{}
		var ids []string
		for len(ids) < 200 {
			b := make([]byte, 1+r.IntN(12))
			for i := range b {
				b[i] = alphabet[r.IntN(len(alphabet))]
			}
			if id := string(b); !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		es := make([]Event, len(ids))
		for i, id := range ids {
			es[i] = Event{Kind: Broadcast, ID: id, At: at}
		}
		in := input{Profile: Profile{Facts: Facts{Merchant: "m-1"}}}
		allocs := testing.AllocsPerRun(5, func() {
			in.Events, in.atBig = es, nil
			require.NoError(t, in.scan(commerce.CNY))
		})
		// One allocation: the instants of more than 64 events.
		require.Equal(t, 1.0, allocs, "%q", ids)
	}
}

// TestIDKeyOrders holds idKey to the order of strings: for random IDs
// (any bytes, zero among them, of 0 to 12 bytes, many sharing a prefix),
// a greater key is a greater string, and equal strings have equal keys.
func TestIDKeyOrders(t *testing.T) {
	r := rand.New(rand.NewPCG(139, 149)) // any fixed seed
	alphabet := []byte{0, 1, '-', '0', '1', '9', 'a', 'z', 0x7f, 0x80, 0xff}
	id := func() string {
		b := make([]byte, r.IntN(13))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	var less, greater, tied int
	for range longCases(20000, 2000000) {
		a, b := id(), id()
		if r.IntN(4) == 0 { // a common prefix
			b = a[:r.IntN(len(a)+1)] + b
		}
		idKeyOrders(t, a, b)
		switch ka, kb := idKey(a), idKey(b); {
		case ka < kb:
			less++
		case ka > kb:
			greater++
		default:
			tied++
		}
	}
	assert.Positive(t, less)
	assert.Positive(t, greater)
	assert.Positive(t, tied)
}

func idKeyOrders(t *testing.T, a, b string) {
	t.Helper()
	ka, kb := idKey(a), idKey(b)
	switch {
	case ka < kb:
		require.Less(t, a, b, "keys %x < %x", ka, kb)
	case ka > kb:
		require.Greater(t, a, b, "keys %x > %x", ka, kb)
	case a == b:
		require.Equal(t, ka, kb)
	default: // equal keys: the first 8 bytes, padded with zero bytes, are equal
		pad := func(s string) string { s = s[:min(len(s), 8)]; return s + strings.Repeat("\x00", 8-len(s)) }
		require.Equal(t, pad(a), pad(b))
	}
}

// FuzzIDKey holds idKey to the order of strings for any two IDs.
func FuzzIDKey(f *testing.F) {
	f.Add("o-01", "o-02")
	f.Add("a", "a\x00")
	f.Add("order-2024-03-1", "order-2024-03-10")
	f.Fuzz(func(t *testing.T, a, b string) { idKeyOrders(t, a, b) })
}

// TestMonthDays holds monthDays, with which month finds the next month's
// first day, to daysOf's difference of the two firsts, for every month
// of years before year 1 to far years, leap centuries among them.
func TestMonthDays(t *testing.T) {
	years := []int64{-2001, -400, -100, -4, -1, 0, 1, 4, 100, 1900, 2000, 2023, 2024, 2100, 2400, 9999, 1 << 40}
	r := rand.New(rand.NewPCG(151, 157)) // any fixed seed
	for range longCases(2000, 200000) {
		years = append(years, r.Int64N(1<<41)-1<<40)
	}
	for _, y := range years {
		for m := int64(1); m <= 12; m++ {
			require.Equal(t, daysOf(y+m/12, m%12+1, 1)-daysOf(y, m, 1), monthDays(y, m), "%d-%02d", y, m)
		}
	}
}

// requireScanOne holds scan of one event e, of a merchant of facts f, to
// checkEvent: it fails exactly when checkEvent does, with its error. It
// reports whether e is valid.
func requireScanOne(t *testing.T, e Event, f Facts) bool {
	t.Helper()
	in := input{Profile: Profile{Facts: f, Events: []Event{e}}}
	err := in.scan(commerce.CNY)
	if want := checkEvent(&e, &f, commerce.CNY); want != nil {
		require.EqualError(t, err, within("events[0]", want).Error(), "%+v", e)
		return false
	}
	require.NoError(t, err, "%+v", e)
	return true
}

// FuzzScanIDs holds scan's check of an ID (for the common ID, printable
// ASCII without spaces, a quick one a word at a time) and its key, which
// orders the IDs of a kind, to checkEvent and to the strings: an event
// of ID a passes exactly when checkEvent passes it, or fails with its
// error; and of the events a, b, a (the third a repeat of the first)
// scan keeps a and b, or only a when b is a too, whatever the order of
// a and b, so no repeat passes for IDs taken to ascend.
func FuzzScanIDs(f *testing.F) {
	f.Add("o-01", "o-02")
	f.Add("order-2024-03-01-0001", "order-2024-03-01-0000")
	f.Add("order-2024-03-01-000\x7f", "o")
	f.Add("商品-1", "商品-2")
	f.Add("a b", "ab")
	f.Add("abcdefgh", "abcdefgh1")
	f.Add("", "~")
	f.Fuzz(func(t *testing.T, a, b string) {
		at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
		ea, eb := Event{Kind: Broadcast, ID: a, At: at}, Event{Kind: Broadcast, ID: b, At: at}
		facts := Facts{Merchant: "m-1"}
		if !requireScanOne(t, ea, facts) || checkEvent(&eb, &facts, commerce.CNY) != nil {
			return
		}
		in := input{Profile: Profile{Facts: facts, Events: []Event{ea, eb, ea}}}
		require.NoError(t, in.scan(commerce.CNY))
		keep := []Event{ea, eb}
		if a == b {
			keep = keep[:1]
		}
		require.Equal(t, keep, in.Events, "%q, %q", a, b)
	})
}
