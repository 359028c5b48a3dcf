// Package groupchat models the private-domain group chats of live
// commerce: free community groups, tier-gated membership groups and a group
// per product, their platforms' limits, admission with overflow, member
// tiers and their benefits, moderation, and broadcast caps.
package groupchat
