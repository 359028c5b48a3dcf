// Package livetest provides fixtures for testing code built on package
// live, in the manner of net/http/httptest: the two brands of the
// project's DOMAIN.md as live rooms.
//
//   - [BeautyFirstBroadcast] is the beauty-tools brand's first broadcast,
//     modelled on AMORTALS (source 002) and calibrated to its published
//     figures: over 200,000 views, over 70% of the group members entering,
//     group members watching 5× as long and converting 3× as often as
//     other viewers, a fifth of the orders from group members, an average
//     order near ¥50 and GMV over ¥200,000. The numbers come out of the
//     viewer records when they are tallied; none is stored.
//   - [CupWeek] is the cup brand's week of broadcasting (Shidajia, source
//     002): 18 hours a day from 07:00, three hosts, China's State Council
//     hours (40 a week) in Asia/Shanghai.
//
// Every fixture is a fresh value, the same on every call.
package livetest
