package referral

import (
	"fmt"
	"time"
)

// AttributionModel says which click within the window earns the credit for
// an order.
type AttributionModel uint8

// The models. The zero value is not a model.
const (
	// FirstClick credits the earliest click in the window.
	FirstClick AttributionModel = iota + 1
	// LastClick credits the latest click in the window.
	LastClick
	numAttributionModels
)

var attributionModelNames = [numAttributionModels]string{"", "first-click", "last-click"}

// String returns "first-click" or "last-click".
func (m AttributionModel) String() string {
	if m > 0 && m < numAttributionModels {
		return attributionModelNames[m]
	}
	return fmt.Sprintf("AttributionModel(%d)", uint8(m))
}

// Click is one click by a buyer on a referrer's link, code or QR code.
type Click struct {
	// Referrer is whose link it was; required.
	Referrer string
	// Method is how the click reached the buyer; required.
	Method BindMethod
	// At is when; required.
	At time.Time
}

// Attribution credits an order to one of the buyer's clicks: the first or
// the last within a look-back window, commonly 30 or 90 days. It is
// independent of the member's [Binding]: a shop may pay a referral link's
// owner for the orders it brings without binding the buyer to them.
type Attribution struct {
	// Model is first or last click; required.
	Model AttributionModel
	// Window is how far back a click counts; required, positive. A click
	// counts for an order at t when t-Window <= click.At <= t, both ends
	// inclusive.
	Window time.Duration
}

// Validate checks the model and the window; the errors match
// [commerce.ErrInvalid].
func (a Attribution) Validate() error {
	switch {
	case a.Model == 0 || a.Model >= numAttributionModels:
		return fieldErr("attribution: model", "want first-click or last-click, got %v", a.Model)
	case a.Window <= 0:
		return fieldErr("attribution: window", "want a positive duration, got %v", a.Window)
	}
	return nil
}

// Credit returns the click that earns the credit for an order at at, and
// whether one does. Clicks after at and before at-Window are ignored.
// Among the rest, FirstClick takes the earliest and LastClick the latest;
// clicks at the same instant go to the smaller referrer ID, then the
// smaller method, so the answer does not depend on the order of clicks.
//
// It returns an error for an invalid attribution, a zero at, or a
// malformed click, named by its index (all match [commerce.ErrInvalid]).
func (a Attribution) Credit(clicks []Click, at time.Time) (Click, bool, error) {
	if err := a.Validate(); err != nil {
		return Click{}, false, err
	}
	if at.IsZero() {
		return Click{}, false, fieldErr("attribution: at", "zero time")
	}
	from := at.Add(-a.Window)
	var best Click
	found := false
	for i, c := range clicks {
		if err := c.validate(i); err != nil {
			return Click{}, false, err
		}
		if c.At.Before(from) || c.At.After(at) {
			continue
		}
		if !found || a.before(c, best) {
			best, found = c, true
		}
	}
	return best, found, nil
}

// validate checks click i.
func (c Click) validate(i int) error {
	field := fmt.Sprintf("clicks[%d]", i)
	if err := checkID(field+": referrer", c.Referrer); err != nil {
		return err
	}
	switch {
	case c.Method == 0 || c.Method >= numBindMethods:
		return fieldErr(field+": method", "want link, code or scan, got %v", c.Method)
	case c.At.IsZero():
		return fieldErr(field+": at", "zero time")
	}
	return nil
}

// before reports whether the model credits c rather than d.
func (a Attribution) before(c, d Click) bool {
	if !c.At.Equal(d.At) {
		return c.At.Before(d.At) == (a.Model == FirstClick)
	}
	if c.Referrer != d.Referrer {
		return c.Referrer < d.Referrer
	}
	return c.Method < d.Method
}
