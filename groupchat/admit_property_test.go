package groupchat_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/livecommerce-go/livecommerce/groupchat"
)

// admitPool is the number of member IDs the random streams draw from:
// small enough that members meet their own bans, seats and staff roles
// again and again, large enough to overflow every family.
const admitPool = 60

func admitMember(i int) string { return fmt.Sprintf("m%02d", i) }

// admitTiers are the tiers a TierGated family of the random streams
// admits; joins draw from them and from tiers it does not.
var admitTiers = [2]string{"t0", "t1"}

// admitRandomFamilies declares two to five families of every kind and fill
// policy, on a profile without a name limit, with random first numbers,
// initial and maximum group counts, staff drawn from the members and
// capacities of one to eight member seats.
func admitRandomFamilies(r *rand.Rand) []groupchat.Family {
	prof := groupchat.Profile{Capacity: 50, MaxAdmins: 2}
	n := 2 + r.IntN(4)
	fams := make([]groupchat.Family, n)
	for i := range fams {
		staff := r.Perm(admitPool)[:1+r.IntN(3)]
		f := groupchat.Family{
			ID: fmt.Sprintf("f%d", i), Base: fmt.Sprintf("f%d-", i), Profile: prof,
			Kind: groupchat.FamilyKind(1 + r.IntN(3)), Fill: groupchat.Fill(1 + r.IntN(2)),
			Owner: admitMember(staff[0]), First: r.IntN(3), Initial: r.IntN(3), MaxGroups: r.IntN(4),
		}
		for _, a := range staff[1:] {
			f.Admins = append(f.Admins, admitMember(a))
		}
		f.Capacity = len(staff) + 1 + r.IntN(8)
		if f.MaxGroups > 0 {
			f.MaxGroups = max(f.MaxGroups, f.Initial)
		}
		switch f.Kind {
		case groupchat.TierGated:
			f.Tiers = admitTiers[:]
		case groupchat.PerProduct:
			f.Products = []string{fmt.Sprintf("p%d", i), fmt.Sprintf("p%d-xl", i)}
		}
		fams[i] = f
	}
	return fams
}

// admitOp is one call on a directory.
type admitOp struct {
	kind                      byte // 0 join, 1 leave, 2 ban, 3 unban, 4 route buyers
	family, member, tier, sku string
	buyers                    []string
}

// admitRandomOp draws an op over families fams.
func admitRandomOp(r *rand.Rand, fams []groupchat.Family) admitOp {
	op := admitOp{family: fams[r.IntN(len(fams))].ID, member: admitMember(r.IntN(admitPool))}
	if r.IntN(50) == 0 {
		op.family = "nope"
	}
	switch p := r.IntN(100); {
	case p < 55:
		op.kind = 0
		op.tier = [...]string{"", "t0", "t1", "t2"}[r.IntN(4)]
	case p < 80:
		op.kind = 1
	case p < 88:
		op.kind = 2
	case p < 95:
		op.kind = 3
	default:
		op.kind = 4
		op.sku = fmt.Sprintf("p%d", r.IntN(len(fams)+1))
		if r.IntN(2) == 0 {
			op.sku += "-xl"
		}
		for range 1 + r.IntN(4) {
			op.buyers = append(op.buyers, admitMember(r.IntN(admitPool)))
		}
	}
	return op
}

// admitResult is what a call returned.
type admitResult struct {
	adms []groupchat.Admission
	seat groupchat.Seat
	sanc groupchat.Sanction
	err  error
}

// String prints the result, for comparing two directories' answers.
func (r admitResult) String() string {
	return fmt.Sprintf("%+v %+v %+v %v", r.adms, r.seat, r.sanc, r.err)
}

// apply makes the call on d.
func (op admitOp) apply(d *groupchat.Directory) admitResult {
	var r admitResult
	switch op.kind {
	case 0:
		var a groupchat.Admission
		a, r.err = d.Join(op.family, op.member, op.tier)
		r.adms = []groupchat.Admission{a}
	case 1:
		r.seat, r.err = d.Leave(op.family, op.member)
	case 2:
		r.sanc, r.err = d.Ban(op.family, op.member)
	case 3:
		r.sanc, r.err = d.Unban(op.family, op.member)
	default:
		r.adms, r.err = d.RouteBuyers(op.sku, op.buyers...)
	}
	return r
}

// admitModel is what the directory should hold: every member's seat per
// family, and the bans; and what it declared.
type admitModel struct {
	fams  map[string]groupchat.Family
	staff map[string]map[string]groupchat.Role
	seats map[string]map[string]int // family → member → group number
	bans  map[string]map[string]bool
	route map[string]string // product → family
}

func newAdmitModel(fams []groupchat.Family) *admitModel {
	m := &admitModel{fams: map[string]groupchat.Family{}, staff: map[string]map[string]groupchat.Role{},
		seats: map[string]map[string]int{}, bans: map[string]map[string]bool{}, route: map[string]string{}}
	for _, f := range fams {
		m.fams[f.ID] = f
		m.staff[f.ID] = map[string]groupchat.Role{f.Owner: groupchat.Owner}
		for _, a := range f.Admins {
			m.staff[f.ID][a] = groupchat.Admin
		}
		m.seats[f.ID] = map[string]int{}
		m.bans[f.ID] = map[string]bool{}
		for _, p := range f.Products {
			m.route[p] = f.ID
		}
	}
	return m
}

// first is the family's first group number.
func admitFirst(f groupchat.Family) int { return max(f.First, 1) }

// limit is the most groups the family opens: no name limit binds on the
// random streams' profile.
func admitLimit(f groupchat.Family) int {
	if f.MaxGroups > 0 {
		return f.MaxGroups
	}
	return math.MaxInt32 - admitFirst(f) + 1
}

// place is where the family's fill policy puts a new member, given the
// open groups: the number of a group, the next number when it must open
// one, or 0 when it may not.
func admitPlace(f groupchat.Family, groups []groupchat.GroupInfo) (seq int, opens bool) {
	best := -1
	for i, g := range groups {
		if g.Room() == 0 {
			continue
		}
		if f.Fill == groupchat.FillFirst {
			best = i
			break
		}
		if best < 0 || g.Count < groups[best].Count {
			best = i
		}
	}
	if best >= 0 {
		return groups[best].Seq, false
	}
	if len(groups) < admitLimit(f) {
		return groups[len(groups)-1].Seq + 1, true
	}
	return 0, false
}

// admitCheck runs op on d, checks its result against the model, applies
// it to the model, and checks the invariants of the families it touched:
// no group over capacity, every count equal to the people listed, each
// member in at most one group per family, and everyone where the model
// says.
func (m *admitModel) check(t testing.TB, d *groupchat.Directory, op admitOp) admitResult {
	t.Helper()
	fam := op.family
	if op.kind == 4 {
		fam = m.route[op.sku]
	}
	f, known := m.fams[fam]
	var pre []groupchat.GroupInfo
	if known {
		var err error
		pre, err = d.Groups(fam)
		require.NoError(t, err)
	}
	res := op.apply(d)
	if !known {
		require.ErrorIs(t, res.err, groupchat.ErrUnknownGroup, "%+v", op)
		return res
	}
	staff, seats, bans := m.staff[fam], m.seats[fam], m.bans[fam]
	switch op.kind {
	case 0:
		m.expectJoin(t, f, pre, op.member, op.tier, res.adms[0], res.err)
	case 1:
		switch {
		case staff[op.member] != 0:
			require.ErrorIs(t, res.err, groupchat.ErrForbidden)
		case seats[op.member] == 0:
			require.ErrorIs(t, res.err, groupchat.ErrUnknownMember)
		default:
			require.NoError(t, res.err)
			require.Equal(t, seats[op.member], res.seat.Seq)
			delete(seats, op.member)
		}
	case 2:
		if staff[op.member] != 0 {
			require.ErrorIs(t, res.err, groupchat.ErrForbidden)
			break
		}
		require.NoError(t, res.err)
		require.Equal(t, !bans[op.member], res.sanc.Changed)
		require.Equal(t, seats[op.member], res.sanc.Removed.Seq)
		bans[op.member] = true
		delete(seats, op.member)
	case 3:
		if !bans[op.member] {
			require.ErrorIs(t, res.err, groupchat.ErrUnknownMember)
			break
		}
		require.NoError(t, res.err)
		delete(bans, op.member)
	default:
		m.expectRoute(t, f, pre, op.buyers, res.adms, res.err)
	}
	touched := append([]string{op.member}, op.buyers...)
	m.checkFamily(t, d, fam, touched)
	return res
}

// expectJoin checks a join's result and applies it to the model.
func (m *admitModel) expectJoin(t testing.TB, f groupchat.Family, pre []groupchat.GroupInfo, member, tier string, a groupchat.Admission, err error) {
	t.Helper()
	seats := m.seats[f.ID]
	switch {
	case m.staff[f.ID][member] != 0:
		require.ErrorIs(t, err, groupchat.ErrForbidden)
	case m.bans[f.ID][member]:
		require.ErrorIs(t, err, groupchat.ErrBanned)
	case f.Kind == groupchat.TierGated && !slices.Contains(admitTiers[:], tier):
		require.ErrorIs(t, err, groupchat.ErrNotEntitled)
	case seats[member] != 0:
		require.NoError(t, err)
		require.Equal(t, groupchat.Admission{Seat: groupchat.Seat{Family: f.ID, Group: f.Base + fmt.Sprint(seats[member]),
			Seq: seats[member], Role: groupchat.Member}}, a)
	default:
		seq, opens := admitPlace(f, pre)
		if seq == 0 {
			require.ErrorIs(t, err, groupchat.ErrFull)
			return
		}
		require.NoError(t, err)
		require.Equal(t, groupchat.Admission{Seat: groupchat.Seat{Family: f.ID, Group: f.Base + fmt.Sprint(seq), Seq: seq,
			Role: groupchat.Member}, Joined: true, Opened: opens}, a, "pre %+v", pre)
		seats[member] = seq
	}
}

// expectRoute checks a routing's result, all or nothing, and applies it
// to the model.
func (m *admitModel) expectRoute(t testing.TB, f groupchat.Family, pre []groupchat.GroupInfo, buyers []string, adms []groupchat.Admission, err error) {
	t.Helper()
	seats := m.seats[f.ID]
	fresh := map[string]bool{}
	for _, b := range buyers {
		switch {
		case m.staff[f.ID][b] != 0:
			require.ErrorIs(t, err, groupchat.ErrForbidden)
			return
		case m.bans[f.ID][b]:
			require.ErrorIs(t, err, groupchat.ErrBanned)
			return
		case seats[b] == 0:
			fresh[b] = true
		}
	}
	room := int64(admitLimit(f)-len(pre)) * int64(pre[0].Capacity-1-len(f.Admins))
	for _, g := range pre {
		room += int64(g.Room())
	}
	if int64(len(fresh)) > room {
		require.ErrorIs(t, err, groupchat.ErrFull)
		return
	}
	require.NoError(t, err)
	require.Len(t, adms, len(buyers))
	groups := slices.Clone(pre)
	for i, b := range buyers {
		want := groupchat.Admission{Seat: groupchat.Seat{Family: f.ID, Seq: seats[b], Role: groupchat.Member}}
		if seats[b] == 0 {
			seq, opens := admitPlace(f, groups)
			want.Seq, want.Joined, want.Opened = seq, true, opens
			if opens {
				groups = append(groups, groupchat.GroupInfo{Seq: seq, Count: 1 + len(f.Admins), Capacity: pre[0].Capacity})
			}
			groups[seq-admitFirst(f)].Count++
			seats[b] = seq
		}
		want.Group = f.Base + fmt.Sprint(want.Seq)
		require.Equal(t, want, adms[i], "buyer %d of %v", i, buyers)
	}
}

// checkFamily checks family's groups against the model, the groups of
// the touched members in full, and their seats everywhere.
func (m *admitModel) checkFamily(t testing.TB, d *groupchat.Directory, fam string, touched []string) {
	t.Helper()
	f := m.fams[fam]
	groups, err := d.Groups(fam)
	require.NoError(t, err)
	require.NotEmpty(t, groups)
	require.LessOrEqual(t, len(groups), admitLimit(f))
	staff := 1 + len(f.Admins)
	counts := map[int]int{}
	for _, seq := range m.seats[fam] {
		counts[seq]++
	}
	for i, g := range groups {
		require.Equal(t, admitFirst(f)+i, g.Seq)
		require.LessOrEqual(t, g.Count, g.Capacity, "group over capacity")
		require.Equal(t, staff+counts[g.Seq], g.Count, "group %s", g.Name)
	}
	for _, member := range touched {
		if seq := m.seats[fam][member]; seq != 0 {
			m.checkGroup(t, d, fam, seq)
		}
		m.checkOf(t, d, member)
	}
}

// checkGroup compares a group's members with the model.
func (m *admitModel) checkGroup(t testing.TB, d *groupchat.Directory, fam string, seq int) {
	t.Helper()
	f := m.fams[fam]
	want := append([]string{f.Owner}, f.Admins...)
	for member, s := range m.seats[fam] {
		if s == seq {
			want = append(want, member)
		}
	}
	slices.Sort(want)
	got, err := d.Members(fam, seq)
	require.NoError(t, err)
	require.Equal(t, want, got, "members of %s #%d", fam, seq)
}

// checkOf compares a member's seats with the model: at most one per
// family as a member, every open group of the families they staff.
func (m *admitModel) checkOf(t testing.TB, d *groupchat.Directory, member string) {
	t.Helper()
	var want []groupchat.Seat
	for _, fam := range d.Families() {
		f := m.fams[fam]
		if r := m.staff[fam][member]; r != 0 {
			groups, err := d.Groups(fam)
			require.NoError(t, err)
			for _, g := range groups {
				want = append(want, groupchat.Seat{Family: fam, Group: g.Name, Seq: g.Seq, Role: r})
			}
		} else if seq := m.seats[fam][member]; seq != 0 {
			want = append(want, groupchat.Seat{Family: fam, Group: f.Base + fmt.Sprint(seq), Seq: seq, Role: groupchat.Member})
		}
		require.Equal(t, m.bans[fam][member], d.Banned(fam, member))
	}
	require.Equal(t, want, d.Of(member))
}

// checkAll checks every family, group, ban list and the seat count.
func (m *admitModel) checkAll(t testing.TB, d *groupchat.Directory) {
	t.Helper()
	total := 0
	for fam, seats := range m.seats {
		total += len(seats)
		m.checkFamily(t, d, fam, nil)
		groups, err := d.Groups(fam)
		require.NoError(t, err)
		for _, g := range groups {
			m.checkGroup(t, d, fam, g.Seq)
		}
		var bans []string
		for b := range m.bans[fam] {
			bans = append(bans, b)
		}
		slices.Sort(bans)
		got, err := d.Bans(fam)
		require.NoError(t, err)
		require.Equal(t, bans, append([]string(nil), got...))
	}
	require.Equal(t, total, d.Len())
}

// admitStream runs ops random calls on directories of random families,
// drawn from seed, checking each against the model; a second directory
// made from the families in another order gets the same calls and must
// give the same answers.
func admitStream(t testing.TB, seed uint64, ops int) {
	r := rand.New(rand.NewPCG(seed, 0x61646d6974)) // "admit"
	fams := admitRandomFamilies(r)
	d := admitDirectory(t, fams...)
	shuffled := slices.Clone(fams)
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	twin := admitDirectory(t, shuffled...)
	m := newAdmitModel(fams)
	m.checkAll(t, d)
	for i := range ops {
		op := admitRandomOp(r, fams)
		res := m.check(t, d, op)
		require.Equal(t, res.String(), op.apply(twin).String(), "op %d %+v", i, op)
		if i%1000 == 999 {
			m.checkAll(t, d)
		}
	}
	m.checkAll(t, d)
	require.Equal(t, admitSnapshot(t, d), admitSnapshot(t, twin))
}

// TestAdmitProperty runs 10⁵ random joins, leaves, bans, unbans and
// routings (10⁶, the size, with LIVECOMMERCE_LONG=1) over random
// families, in streams of 2,000 calls, each from its own seed.
func TestAdmitProperty(t *testing.T) {
	const stream = 2000
	n := groupchat.LongCases(100_000, 1_000_000)
	for seed := range uint64(n / stream) {
		admitStream(t, seed, stream)
		if t.Failed() {
			t.Fatalf("seed %d", seed)
		}
	}
}

// With FillBalance and only joins, the open groups' member counts never
// differ by more than one until they are all full; then the next group
// opens and fills alone.
func TestAdmitBalanceSpread(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for range groupchat.LongCases(200, 2000) {
		f := admitFamily(t, "f")
		f.Fill, f.Capacity, f.Initial = groupchat.FillBalance, 2+r.IntN(20), 1+r.IntN(6)
		d := admitDirectory(t, f)
		for i := range r.IntN(200) {
			_, err := d.Join("f", admitMember(i), "")
			require.NoError(t, err)
			groups, err := d.Groups("f")
			require.NoError(t, err)
			if len(groups) == f.Initial {
				lo, hi := groups[0].Count, groups[0].Count
				for _, g := range groups {
					lo, hi = min(lo, g.Count), max(hi, g.Count)
				}
				require.LessOrEqual(t, hi-lo, 1, "initial groups %+v", groups)
				continue
			}
			for _, g := range groups[:len(groups)-1] {
				require.Zero(t, g.Room(), "a group opened before the others were full: %+v", groups)
			}
		}
	}
}

// FuzzAdmission reads families' seed and calls from bytes and checks them
// against the model.
func FuzzAdmission(f *testing.F) {
	f.Add([]byte("\x01\x00\x00\x00\x00\x00\x00\x00join-leave-ban-unban-route"))
	f.Add([]byte("\x07\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x01\x01\x01\x02\x02\x02\x02"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 8 {
			return
		}
		r := rand.New(rand.NewPCG(binary.LittleEndian.Uint64(data), 1))
		fams := admitRandomFamilies(r)
		d := admitDirectory(t, fams...)
		m := newAdmitModel(fams)
		for data = data[8:]; len(data) >= 4; data = data[4:] {
			op := admitRandomOp(rand.New(rand.NewPCG(uint64(binary.LittleEndian.Uint32(data)), 2)), fams)
			m.check(t, d, op)
		}
		m.checkAll(t, d)
	})
}
