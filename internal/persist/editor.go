package persist

// Editor changes a [Map] in a batch, copying each node at most once: the
// first change below a node of the original Map copies it, and later changes
// write the copy in place. The original Map is never written, so other
// goroutines may keep reading it, and any Map derived from it, during the
// batch.
//
// An Editor is a scratch value for one goroutine; it is not safe for
// concurrent use. [Editor.Map] returns the Map built so far; the Editor
// stays usable, and its next change copies again whatever that Map holds.
type Editor[V any] struct {
	m   Map[V]
	tok *token // owns the nodes created since the last Map; nil before the first change
}

// Editor returns an Editor that starts from m. It copies nothing until the
// first change.
func (m Map[V]) Editor() *Editor[V] {
	return &Editor[V]{m: m}
}

// Edit calls fn with an Editor that starts from m and returns the Map it
// built; m is unchanged. It is m.Editor(), fn, then [Editor.Map].
func (m Map[V]) Edit(fn func(e *Editor[V])) Map[V] {
	e := m.Editor()
	fn(e)
	return e.Map()
}

// owner returns the token of the current batch, starting one if needed.
func (e *Editor[V]) owner() *token {
	if e.tok == nil {
		e.tok = new(token)
	}
	return e.tok
}

// Len returns the number of keys the Map being built holds.
func (e *Editor[V]) Len() int { return e.m.n }

// Get returns the value of k in the Map being built, as [Map.Get].
func (e *Editor[V]) Get(k string) (V, bool) { return e.m.Get(k) }

// Set maps k to v. It copies the nodes on the path to k that the batch has
// not copied yet, O(log₃₂ n) at most.
func (e *Editor[V]) Set(k string, v V) {
	tok := e.owner()
	root := e.m.root
	if root == nil {
		root = &node[V]{owner: tok}
	}
	root, added := root.set(&e.m, tok, 0, e.m.sum(k), k, v)
	if added {
		e.m.n++
	}
	e.m.root = root
}

// Delete removes k and reports whether it was there. It copies the nodes on
// the path to k that the batch has not copied yet; nothing if k is absent.
func (e *Editor[V]) Delete(k string) bool {
	if e.m.root == nil {
		return false
	}
	root, found := e.m.root.del(e.owner(), 0, e.m.sum(k), k)
	if !found {
		return false
	}
	e.m.n--
	e.m.root = root
	if e.m.n == 0 {
		e.m.root = nil
	}
	return true
}

// Update calls fn once for every entry, as [Map.Update] does, and sets the
// value of each key for which fn returned true; nodes the batch already
// copied are written in place. fn must not use the Editor.
func (e *Editor[V]) Update(fn func(k string, v V) (V, bool)) {
	if e.m.root == nil {
		return
	}
	e.m.root = e.m.root.update(e.owner(), 0, fn)
}

// Map returns the Map built so far. The Editor stops writing the nodes that
// Map holds: its next change starts a new batch and copies them again.
func (e *Editor[V]) Map() Map[V] {
	e.tok = nil
	return e.m
}
