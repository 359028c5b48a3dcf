package live

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/livecommerce-go/livecommerce/commerce"
)

// Preset names the denominators one platform's dashboard uses for the
// figures on which platforms disagree, so that a report says what it
// divides by. The named presets are [Presets]; a caller may build its own.
//
// No official public formula sheet was found for Douyin's 罗盘 (Compass):
// third-party pages disagree on whether GPM and UV value divide by views
// or by viewers, hence the two Douyin presets. Source tags such as (S47)
// are those of the project's funnel-metrics anchors (§3 and its source
// list).
type Preset struct {
	// Name is the preset's name, such as "douyin_pv".
	Name string
	// Platform is the platform whose dashboard the preset follows.
	Platform Platform
	// GPM is PerView or PerViewer (see [Counts.GPM]).
	GPM Basis
	// UVValue is PerViewer or PerView (see [Counts.UVValue]).
	UVValue Basis
	// Conversion is PerViewer, PerClickingViewer or PerProductClick (see
	// [Counts.Conversion]).
	Conversion Basis
	// OrderValue is PerOrder or PerBuyer (see [Counts.OrderValue]).
	OrderValue Basis
}

// presets are the named presets, in the order Presets returns them.
var presets = [...]Preset{
	// Douyin, by views: GPM = GMV × 1000 / 场观人次 (the canonical SDK
	// definition) and UV value = 销售额 / 场观人次 (S46); conversion =
	// 下单用户数 / 场观人数 (S47); 客单价 = GMV / paying viewers (S46).
	// Not an official definition: none was found.
	{Name: "douyin_pv", Platform: Douyin, GPM: PerView, UVValue: PerView, Conversion: PerViewer, OrderValue: PerBuyer},
	// Douyin, by viewers: GPM = GMV × 1000 / 场观人数 and UV value =
	// 总销售额 / 独立访客数 (S47); conversion and 客单价 as douyin_pv.
	// Not an official definition: none was found.
	{Name: "douyin_uv", Platform: Douyin, GPM: PerViewer, UVValue: PerViewer, Conversion: PerViewer, OrderValue: PerBuyer},
	// TikTok Shop (Seller Center "Data Compass"): LIVE views count
	// revisits (S44) and Watch GPM is GMV per 1,000 views (S48); CTOR =
	// orders / product clicks (S43). Average order value per order: no
	// official TikTok definition was found (the anchors cite none); per
	// order is what the English name "average order value" says, where
	// the canonical 客单价 is per paying viewer (S46). TikTok publishes no
	// UV value: the canonical GMV / viewers is used.
	{Name: "tiktok", Platform: TikTok, GPM: PerView, UVValue: PerViewer, Conversion: PerProductClick, OrderValue: PerOrder},
	// WeChat Channels: the live-data APIs (S41, S42) give amounts in fen,
	// viewers and paying users but no GPM, UV value or conversion formula;
	// the canonical definitions are used (GPM per view, UV value per
	// viewer, paying viewers / viewers, GMV / paying viewers). Not an
	// official definition: none was found.
	{Name: "wechat", Platform: WeChatChannels, GPM: PerView, UVValue: PerViewer, Conversion: PerViewer, OrderValue: PerBuyer},
}

// Presets returns the named presets: "douyin_pv", "douyin_uv", "tiktok"
// and "wechat", in that order.
func Presets() []Preset {
	out := presets
	return out[:]
}

// PresetOf returns the named preset, or [commerce.ErrInvalid] for a name
// that is not one of [Presets].
func PresetOf(name string) (Preset, error) {
	for _, p := range presets {
		if p.Name == name {
			return p, nil
		}
	}
	return Preset{}, fieldErr("preset", "unknown name %q", name)
}

// Report is a session's figures as one preset defines them. A figure whose
// denominator is zero (a session without orders has no order value) is
// left zero and named in Undefined.
type Report struct {
	// Preset is the preset that chose the denominators.
	Preset Preset
	// GMV is the session's GMV, refunds included.
	GMV commerce.Money
	// GPM, UVValue and OrderValue divide GMV as the preset says, rounded
	// with the mode passed to [Preset.Evaluate].
	GPM, UVValue, OrderValue commerce.Money
	// Conversion divides as the preset says.
	Conversion commerce.Ratio
	// InteractionRate and ProductClickRate are over viewers on every
	// platform.
	InteractionRate, ProductClickRate commerce.Ratio
	// RefundRate is refunded orders / orders (退款订单数 / 总成交订单数,
	// S47); RepurchaseRate is buyers with two or more orders / buyers.
	RefundRate, RepurchaseRate commerce.Ratio
	// AverageConcurrent is [Metrics.AverageConcurrent].
	AverageConcurrent commerce.Ratio
	// MeanWatch is [Counts.MeanWatch].
	MeanWatch time.Duration
	// Undefined names the figures left zero for a zero denominator, in
	// the order of the fields above, such as "OrderValue".
	Undefined []string
}

// Validate checks that p names a platform and that every basis of p is
// one its figure accepts.
func (p Preset) Validate() error {
	if !p.Platform.valid() {
		return fieldErr(fmt.Sprintf("preset %q: platform", p.Name), "unknown %v", p.Platform)
	}
	for _, f := range [...]struct {
		name    string
		basis   Basis
		allowed []Basis
	}{
		{"GPM", p.GPM, []Basis{PerView, PerViewer}},
		{"UV value", p.UVValue, []Basis{PerViewer, PerView}},
		{"conversion", p.Conversion, []Basis{PerViewer, PerClickingViewer, PerProductClick}},
		{"order value", p.OrderValue, []Basis{PerOrder, PerBuyer}},
	} {
		if !slices.Contains(f.allowed, f.basis) {
			return fieldErr(fmt.Sprintf("preset %q: %s", p.Name, f.name), "basis %v is not one of %v", f.basis, f.allowed)
		}
	}
	return nil
}

// Evaluate returns m's figures as p defines them, money rounded with mode.
// An invalid preset or rounding mode is an error; a zero denominator is
// not (see [Report]), nor is anything else m's figures can produce, except
// [commerce.ErrOverflow] for a figure that does not fit.
func (p Preset) Evaluate(m Metrics, mode commerce.RoundingMode) (Report, error) {
	if err := p.Validate(); err != nil {
		return Report{}, err
	}
	if !mode.Valid() {
		return Report{}, fmt.Errorf("live: preset %q: %v: %w", p.Name, mode, commerce.ErrRoundingMode)
	}
	r := Report{Preset: p, GMV: m.Sales.GMV}
	var err error
	keep := func(name string, e error) {
		switch {
		case e == nil:
		case errors.Is(e, commerce.ErrDivisionByZero):
			r.Undefined = append(r.Undefined, name)
		case err == nil:
			err = e
		}
	}
	money := func(name string, dst *commerce.Money, v commerce.Money, e error) {
		*dst = v
		keep(name, e)
	}
	ratio := func(name string, dst *commerce.Ratio, v commerce.Ratio, e error) {
		*dst = v
		keep(name, e)
	}
	v, e := m.GPM(p.GPM, mode)
	money("GPM", &r.GPM, v, e)
	v, e = m.UVValue(p.UVValue, mode)
	money("UVValue", &r.UVValue, v, e)
	v, e = m.OrderValue(p.OrderValue, mode)
	money("OrderValue", &r.OrderValue, v, e)
	q, e := m.Conversion(p.Conversion)
	ratio("Conversion", &r.Conversion, q, e)
	q, e = m.InteractionRate()
	ratio("InteractionRate", &r.InteractionRate, q, e)
	q, e = m.ProductClickRate()
	ratio("ProductClickRate", &r.ProductClickRate, q, e)
	q, e = m.Sales.RefundRateByOrders()
	ratio("RefundRate", &r.RefundRate, q, e)
	q, e = m.Sales.RepurchaseRate()
	ratio("RepurchaseRate", &r.RepurchaseRate, q, e)
	q, e = m.AverageConcurrent()
	ratio("AverageConcurrent", &r.AverageConcurrent, q, e)
	d, e := m.MeanWatch()
	r.MeanWatch = d
	keep("MeanWatch", e)
	if err != nil {
		return Report{}, err
	}
	return r, nil
}
