package persist_test

import (
	"fmt"

	"github.com/livecommerce-go/livecommerce/internal/persist"
)

// Each change returns a new Map; the old one still reads as it did.
func ExampleMap() {
	var v1 persist.Map[int64] // the zero Map is empty
	v1 = v1.Set("member-1", 1250).Set("member-2", 300)
	v2 := v1.Set("member-1", 0).Delete("member-2")

	c1, _ := v1.Get("member-1")
	c2, _ := v2.Get("member-1")
	_, ok := v2.Get("member-2")
	fmt.Println(v1.Len(), c1, v1.Keys())
	fmt.Println(v2.Len(), c2, ok)
	// Output:
	// 2 1250 [member-1 member-2]
	// 1 0 false
}

// An Editor applies a batch of changes, copying each node once.
func ExampleMap_Edit() {
	var before persist.Map[int64]
	after := before.Edit(func(e *persist.Editor[int64]) {
		for i := range 1000 {
			e.Set(fmt.Sprintf("order-%04d", i), int64(i))
		}
		e.Delete("order-0000")
	})
	v, _ := after.Get("order-0999")
	fmt.Println(before.Len(), after.Len(), v)
	// Output: 0 999 999
}

// Update sweeps every entry once and shares the subtrees it leaves alone.
func ExampleMap_Update() {
	var pending persist.Map[int64]
	for i := range 5 {
		pending = pending.Set(fmt.Sprintf("member-%d", i), int64(100*i))
	}
	// Settle: clear every balance of 200 or more.
	settled := pending.Update(func(k string, v int64) (int64, bool) {
		return 0, v >= 200
	})
	for _, k := range settled.Keys() {
		was, _ := pending.Get(k)
		now, _ := settled.Get(k)
		fmt.Println(k, was, now)
	}
	// Output:
	// member-0 0 0
	// member-1 100 100
	// member-2 200 0
	// member-3 300 0
	// member-4 400 0
}

// Appending to a List that has already been appended to copies, so both
// results keep their own last element.
func ExampleList_Append() {
	var events persist.List[string]
	events = events.Append("paid", "shipped")
	refunded := events.Append("refunded")
	completed := events.Append("completed") // events' next slot is taken: copies
	fmt.Println(events.Slice(), refunded.Slice(), completed.Slice())
	// Output: [paid shipped] [paid shipped refunded] [paid shipped completed]
}
