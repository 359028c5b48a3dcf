package referral

import "time"

type Graph struct {
	parent map[string]string
	tier   map[string]Tier
}

type Ancestor struct {
	ID   string
	Tier Tier
}

func (g *Graph) Tier(id string) (Tier, error) {
	t, ok := g.tier[id]
	if !ok {
		return 0, ErrUnknownMember
	}
	return t, nil
}

func (g *Graph) Upline(id string, at time.Time, levels int, dst []Ancestor) ([]Ancestor, error) {
	if _, ok := g.tier[id]; !ok {
		return dst, ErrUnknownMember
	}
	for ; levels > 0; levels-- {
		p, ok := g.parent[id]
		if !ok {
			break
		}
		dst = append(dst, Ancestor{p, g.tier[p]})
		id = p
	}
	return dst, nil
}
