package live_test

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/livecommerce-go/livecommerce/live"
)

// The beauty-tools brand of DOMAIN.md ran giveaways in its first live. The
// host publishes the commitment before entries open; when entries close the
// rules pick the eligible viewers (group members or followers who commented
// "抽奖" and watched five minutes), the host reveals the seed and draws two
// prizes. In real use the seed comes from a secure random source; here it is
// fixed so that the output is stable.
func ExampleDraw() {
	seed := sha256.Sum256([]byte("AMORTALS first broadcast giveaway"))
	commitment, _ := live.Commit(seed[:])
	fmt.Println("published before the live:", commitment)

	rules := live.GiveawayRules{Follower: true, GroupMember: true, AnyOf: true, Keyword: "抽奖", MinWatch: 5 * time.Minute}
	el, _ := rules.Eligible([]live.Entrant{
		{ID: "mei", GroupMember: true, Comments: []string{"我要抽奖!"}, Watched: 42 * time.Minute},
		{ID: "ada", Follower: true, Comments: []string{"抽奖"}, Watched: 9 * time.Minute},
		{ID: "bo", Follower: true, GroupMember: true, Comments: []string{"抽奖"}, Watched: 4 * time.Minute},
		{ID: "cy", Comments: []string{"抽奖"}, Watched: time.Hour},
		{ID: "lin", GroupMember: true, Comments: []string{"好看", "抽奖抽奖"}, Watched: 30 * time.Minute},
	})
	fmt.Println("eligible:", el.IDs)
	for _, x := range el.Excluded {
		fmt.Println("excluded:", x)
	}

	audit, err := live.Draw(commitment, seed[:], el.IDs, 2)
	fmt.Println("winners:", audit.Winners(), err)
	// Output:
	// published before the live: 68402f7cb9b0b2150cb9cafd5850fdb997d8a956a6c5c693a4a40c330914f026
	// eligible: [ada lin mei]
	// excluded: "bo": watched 4m0s < 5m0s
	// excluded: "cy": neither a follower nor a group member
	// winners: [ada mei] <nil>
}

// A viewer re-checks the published record against the published entrant
// list. A record whose winners were edited after the draw does not
// re-check, and the error says which prize differs.
func ExampleAudit_Check() {
	seed := sha256.Sum256([]byte("618 cup giveaway"))
	commitment, _ := live.Commit(seed[:])
	entrants := []string{"v-03", "v-01", "v-04", "v-02", "v-05"}
	audit, _ := live.Draw(commitment, seed[:], entrants, 1)
	record, _ := json.Marshal(audit)
	fmt.Println(string(record))

	var published live.Audit
	_ = json.Unmarshal(record, &published)
	fmt.Println(published.Check(entrants))

	forged := []byte(fmt.Sprintf(`{"version":%q,"commitment":"%v","seed":"%x","entrants":5,"entrants_sha256":"%x","prizes":1,"unfilled":0,"winners":["v-05"]}`,
		live.GiveawayVersion, commitment, seed, audit.EntrantsDigest()))
	_ = json.Unmarshal(forged, &published)
	err := published.Check(entrants)
	fmt.Println(errors.Is(err, live.ErrCommitment), err)
	// Output:
	// {"version":"livecommerce-giveaway/v1","commitment":"dae4e76c944614d924ed1363f9d3b2278c484ed7db80c5ae6c7e6404e8a50ba5","seed":"4c074c902e5b183041a7211332dfb13c5ba71d2cbb13f35a2ef2931976722c79","entrants":5,"entrants_sha256":"73830170e62c5aa85241eb5f75d125beb46631538452090020aab40bbc7a0e41","prizes":1,"unfilled":0,"winners":["v-03"]}
	// <nil>
	// true live: giveaway audit: prize 1 goes to "v-03", the record says "v-05": giveaway does not verify
}
