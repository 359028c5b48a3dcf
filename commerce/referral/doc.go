// Package referral computes member-referral (分销) and showcase commission,
// exact to the cent under any refund.
package referral
