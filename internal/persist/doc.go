// Package persist holds the persistent collections a ledger that is a value
// is built from: [Map], a hash array mapped trie with string keys, and
// [List], an append-only slice. Both are immutable: every change returns a
// new value that shares all it can with the old one, the old value stays
// valid and unchanged, and any number of goroutines may read any number of
// versions at once without locking.
//
// A Map changes one key at a time with [Map.Set] and [Map.Delete], which copy
// the path from the root to the key (O(log₃₂ n) nodes), in batches with an
// [Editor], which copies each node at most once per batch, or all at once
// with [Map.Update], which copies only the subtrees whose entries change.
// A List appends in place when no other List can see the slot it writes,
// and copies otherwise.
//
// Everything is deterministic: a Map's layout and iteration order are a
// function of its keys alone, through a fixed hash (FNV-1a 64), never of a
// random seed, of the order of the changes that built it or of Go's map
// iteration.
package persist
