package groupchat

import (
	"fmt"
)

// Route returns the ID of the PerProduct family that serves product, and
// whether one does.
func (d *Directory) Route(product string) (family string, ok bool) {
	fi, ok := d.byProduct[product]
	if !ok {
		return "", false
	}
	return d.fams[fi].id, true
}

// RouteBuyers admits each buyer of product to the product's family, as
// [Directory.Join] does with overflow into the family's next groups, and
// returns their admissions in the order of buyers; a buyer listed twice is
// admitted once and gets the same seat twice. It is all or nothing: every
// buyer is checked, and the room counted, before anyone is seated, so a
// refusal changes nothing. A product no family serves is [ErrUnknownGroup]
// naming it; a banned buyer [ErrBanned]; the family's owner or an admin
// [ErrForbidden]; more new buyers than the family can seat, opening every
// group it still may, [ErrFull]; a malformed buyer ID a
// *[commerce.FieldError].
func (d *Directory) RouteBuyers(product string, buyers ...string) ([]Admission, error) {
	fi, ok := d.byProduct[product]
	if !ok {
		return nil, fmt.Errorf("groupchat: route buyers: product %q: %w", product, ErrUnknownGroup)
	}
	f := &d.fams[fi]
	op := "route buyers of " + product
	fresh := make(map[string]struct{})
	for _, b := range buyers {
		_, _, _, seated, err := d.check(op, fi, b, "")
		if err != nil {
			return nil, err
		}
		if !seated {
			fresh[b] = struct{}{}
		}
	}
	if room := f.room(); int64(len(fresh)) > room {
		return nil, fmt.Errorf("groupchat: %s: family %q: %d new buyers, room for %d: %w", op, f.id, len(fresh), room, ErrFull)
	}
	if d.ids.len() > maxMembers-len(fresh) {
		return nil, fieldErr(fmt.Sprintf("%s: family %q", op, f.id), "the directory holds at most %d members", maxMembers)
	}
	out := make([]Admission, len(buyers))
	for i, b := range buyers {
		m := d.intern(b)
		if p, ok := d.place(fi, m); ok {
			out[i] = Admission{Seat: f.seat(p.group, Member)}
			continue
		}
		out[i] = d.seat(fi, m, f.pick())
	}
	return out, nil
}

// room is how many more members the family can seat, opening every group
// it still may.
func (f *family) room() int64 {
	var n int64
	for g := range int32(len(f.groups)) {
		n += int64(f.capacity - f.count(g))
	}
	return n + int64(f.limit-int32(len(f.groups)))*int64(f.capacity-f.staff)
}
