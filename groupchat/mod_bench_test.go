package groupchat_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/livecommerce-go/livecommerce/groupchat"
)

// BenchmarkSend records a broadcast to one group and its 500 members under
// three caps, one an hour so that no cap binds (see modBigBroadcast). Each
// op builds its key with strconv, one small allocation of its own, and
// adds it to the outbox's key map.
func BenchmarkSend(b *testing.B) {
	o, bc := modBigBroadcast(b)
	start := bc.At
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		bc.Key = strconv.Itoa(i)
		bc.At = start.Add(time.Duration(i) * time.Hour)
		if err := o.Send(bc); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkCheck checks the same broadcast without recording it.
func BenchmarkCheck(b *testing.B) {
	o, bc := modBigBroadcast(b)
	if err := o.Send(bc); err != nil {
		b.Fatal(err)
	}
	bc.Key, bc.At = "next", bc.At.Add(time.Hour)
	b.ReportAllocs()
	for b.Loop() {
		if err := o.Check(bc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFold folds 1,000 messages of a busy ten minutes, at most 20 a
// minute shown.
func BenchmarkFold(b *testing.B) {
	msgs := modRandomMessages(rand.New(rand.NewPCG(1, 1000)), 1000, 10*time.Minute)
	rule := groupchat.FoldRule{Max: 20, Window: time.Minute}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rule.Apply("vic", msgs); err != nil {
			b.Fatal(err)
		}
	}
}
