package persist_test

import (
	"maps"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/internal/persist"
)

// FuzzMap reads ops as a program of two-byte instructions on a Map and a Go
// map side by side: set, delete, get, open or close a batch, update, keep a
// version. Every kept version must read at the end as it did when kept.
func FuzzMap(f *testing.F) {
	f.Add(uint8(0), []byte{0, 1, 0, 2, 2, 1, 3, 2, 6, 0})
	f.Add(uint8(3), []byte{0, 1, 1, 2, 1, 3, 4, 0, 2, 2, 5, 7, 0, 9, 4, 0, 3, 3})
	f.Add(uint8(1), []byte("the quick brown fox jumps over the lazy dog"))
	f.Fuzz(func(t *testing.T, hash uint8, ops []byte) {
		hh := hashes[int(hash)%len(hashes)]
		type version struct {
			m   persist.Map[int]
			ref map[string]int
		}
		var (
			m        = newMap[int](hh.h)
			ref      = map[string]int{}
			e        *persist.Editor[int]
			versions []version
		)
		for i := 0; i+1 < len(ops); i += 2 {
			op, arg := ops[i], int(ops[i+1])
			k := "k" + strconv.Itoa(arg%64)
			switch op % 7 {
			case 0, 1:
				if e != nil {
					e.Set(k, int(op))
				} else {
					m = m.Set(k, int(op))
				}
				ref[k] = int(op)
			case 2:
				_, had := ref[k]
				if e != nil {
					require.Equal(t, had, e.Delete(k))
				} else {
					m = m.Delete(k)
				}
				delete(ref, k)
			case 3:
				var (
					v  int
					ok bool
				)
				if e != nil {
					v, ok = e.Get(k)
				} else {
					v, ok = m.Get(k)
				}
				want, had := ref[k]
				require.Equal(t, had, ok)
				require.Equal(t, want, v)
			case 4:
				if e == nil {
					versions = append(versions, version{m, maps.Clone(ref)})
					e = m.Editor()
				} else {
					m, e = e.Map(), nil
				}
			case 5:
				fn := func(k string, v int) (int, bool) {
					if (len(k)+v)%3 != arg%3 {
						return 0, false
					}
					ref[k] = v + arg
					return v + arg, true
				}
				if e != nil {
					e.Update(fn)
				} else {
					m = m.Update(fn)
				}
			case 6:
				if e != nil {
					versions = append(versions, version{e.Map(), maps.Clone(ref)})
				} else {
					versions = append(versions, version{m, maps.Clone(ref)})
				}
			}
		}
		if e != nil {
			m = e.Map()
		}
		requireSame(t, m, ref, hh.h)
		for _, v := range versions {
			requireSame(t, v.m, v.ref, hh.h)
		}
	})
}

// FuzzList appends to Lists picked from a growing pool by the program's
// bytes; every List must hold at the end what was appended to it.
func FuzzList(f *testing.F) {
	f.Add([]byte{0, 3, 1, 1, 1, 2, 0, 9})
	f.Add([]byte("append, fork and append again"))
	f.Fuzz(func(t *testing.T, ops []byte) {
		lists := []persist.List[byte]{{}}
		refs := [][]byte{nil}
		for i := 0; i+1 < len(ops); i += 2 {
			from := int(ops[i]) % len(lists)
			add := ops[i+1 : min(len(ops), i+1+int(ops[i+1])%4)] // 0 to 3 bytes
			lists = append(lists, lists[from].Append(add...))
			refs = append(refs, append(slices.Clone(refs[from]), add...))
		}
		for i := range lists {
			requireList(t, lists[i], refs[i])
		}
	})
}
