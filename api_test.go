package livecommerce_test

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/doc"
	"go/printer"
	"os"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateAPI = flag.Bool("update-api", false, "rewrite api/livecommerce.txt from the packages' source")

// apiFile is the golden listing of the exported API.
const apiFile = "api/livecommerce.txt"

// TestAPI holds the exported API of the library packages to the golden
// listing in api/livecommerce.txt, one line per exported identifier with
// its signature, in the manner of the Go repository's api/*.txt: a
// change to the public surface fails this test until the listing is
// regenerated (go test -run TestAPI -update-api), so it shows in review.
func TestAPI(t *testing.T) {
	files, err := moduleFiles(".")
	require.NoError(t, err)
	var lines []string
	for _, p := range modulePackages(files) {
		if !p.library() || p.dir == "." || strings.HasPrefix(p.dir, "internal/") || strings.Contains(p.dir, "/internal/") {
			continue
		}
		ls, err := apiLines(p)
		require.NoError(t, err)
		lines = append(lines, ls...)
	}
	got := strings.Join(lines, "\n") + "\n"
	if *updateAPI {
		require.NoError(t, os.MkdirAll(path.Dir(apiFile), 0o755))
		require.NoError(t, os.WriteFile(apiFile, []byte(got), 0o644))
	}
	want, err := os.ReadFile(apiFile)
	require.NoError(t, err, "run go test -run TestAPI -update-api to write it")
	if string(want) != got {
		t.Errorf("the exported API differs from %s; review the change and run go test -run TestAPI -update-api\n%s", apiFile, lineDiff(string(want), got))
	}
}

// lineDiff lists the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for _, l := range w {
		if !slices.Contains(g, l) {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range g {
		if !slices.Contains(w, l) {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	return b.String()
}

// apiLines lists the exported API of package p, sorted: constants,
// variables, functions, types with their exported fields, embedded types
// and interface methods, and the methods of exported types.
func apiLines(p goPackage) ([]string, error) {
	fset := p.files[0].fset
	asts := make([]*ast.File, len(p.files))
	for i, f := range p.files {
		asts[i] = f.file
	}
	d, err := doc.NewFromFiles(fset, asts, "github.com/livecommerce-go/livecommerce/"+p.dir)
	if err != nil {
		return nil, err
	}
	prefix := "pkg " + p.dir + ", "
	var out []string
	add := func(format string, args ...any) { out = append(out, prefix+fmt.Sprintf(format, args...)) }
	src := func(n ast.Node) string {
		var b bytes.Buffer
		_ = printer.Fprint(&b, fset, n)
		return strings.Join(strings.Fields(b.String()), " ")
	}
	values := func(vs []*doc.Value, typeName string) {
		for _, v := range vs {
			for _, spec := range v.Decl.Specs {
				s := spec.(*ast.ValueSpec)
				typ := typeName
				if s.Type != nil {
					typ = src(s.Type)
				}
				for _, id := range s.Names {
					if id.IsExported() {
						add("%s %s %s", v.Decl.Tok, id.Name, typ)
					}
				}
			}
		}
	}
	funcs := func(fs []*doc.Func) {
		for _, f := range fs {
			if f.Level > 0 || !ast.IsExported(f.Name) {
				continue
			}
			sig := signature(f.Decl.Type, src)
			if f.Decl.Recv != nil {
				add("method (%s) %s%s", src(f.Decl.Recv.List[0].Type), f.Name, sig)
			} else {
				add("func %s%s", f.Name, sig)
			}
		}
	}
	values(d.Consts, "")
	values(d.Vars, "")
	funcs(d.Funcs)
	for _, t := range d.Types {
		spec := typeSpec(t)
		switch st := spec.Type.(type) {
		case *ast.StructType:
			add("type %s struct", t.Name)
			for _, f := range st.Fields.List {
				if len(f.Names) == 0 {
					if name := strings.TrimPrefix(src(f.Type), "*"); ast.IsExported(name[strings.LastIndex(name, ".")+1:]) {
						add("type %s struct, embedded %s", t.Name, src(f.Type))
					}
					continue
				}
				for _, n := range f.Names {
					if n.IsExported() {
						add("type %s struct, %s %s", t.Name, n.Name, src(f.Type))
					}
				}
			}
		case *ast.InterfaceType:
			add("type %s interface", t.Name)
			for _, m := range st.Methods.List {
				for _, n := range m.Names {
					if n.IsExported() {
						add("type %s interface, %s%s", t.Name, n.Name, signature(m.Type.(*ast.FuncType), src))
					}
				}
			}
		default:
			add("type %s %s", t.Name, src(spec.Type))
		}
		values(t.Consts, t.Name)
		values(t.Vars, t.Name)
		funcs(t.Funcs)
		funcs(t.Methods)
	}
	for i, l := range out {
		out[i] = strings.TrimRight(l, " ")
	}
	slices.Sort(out)
	return out, nil
}

// typeSpec returns the declaration of t.
func typeSpec(t *doc.Type) *ast.TypeSpec {
	for _, s := range t.Decl.Specs {
		if ts := s.(*ast.TypeSpec); ts.Name.Name == t.Name {
			return ts
		}
	}
	panic("no spec for " + t.Name) // go/doc always declares its types
}

// signature prints a function type without parameter names:
// "(int64, Currency) (Money, error)".
func signature(ft *ast.FuncType, src func(ast.Node) string) string {
	list := func(fl *ast.FieldList) []string {
		if fl == nil {
			return nil
		}
		var out []string
		for _, f := range fl.List {
			n := max(len(f.Names), 1)
			for range n {
				out = append(out, src(f.Type))
			}
		}
		return out
	}
	s := "(" + strings.Join(list(ft.Params), ", ") + ")"
	switch rs := list(ft.Results); len(rs) {
	case 0:
	case 1:
		s += " " + rs[0]
	default:
		s += " (" + strings.Join(rs, ", ") + ")"
	}
	return s
}

// TestAPILines checks the listing of a small package by hand.
func TestAPILines(t *testing.T) {
	p := parsePackage(t, map[string]string{"p/p.go": `package p

		// Mode is a mode.
		type Mode int

		// The modes.
		const (
			Fast Mode = iota
			slow
		)

		// Max is the most.
		const Max = 3

		// ErrX is an error.
		var ErrX = error(nil)

		// Cart is a cart.
		type Cart struct {
			Lines, Items int
			note string
			*Embedded
		}

		// Embedded is embedded.
		type Embedded struct{}

		// Shower shows.
		type Shower interface{ Show(w int, s ...string) (n int, err error) }

		// NewCart makes a cart.
		func NewCart(lines int, m Mode) (*Cart, error) { return nil, nil }

		// Add adds.
		func (c *Cart) Add(n int) {}

		func (c Cart) hidden() {}
	`})
	got, err := apiLines(p)
	require.NoError(t, err)
	assert.Equal(t, []string{
		"pkg p, const Fast Mode",
		"pkg p, const Max",
		"pkg p, func NewCart(int, Mode) (*Cart, error)",
		"pkg p, method (*Cart) Add(int)",
		"pkg p, type Cart struct",
		"pkg p, type Cart struct, Items int",
		"pkg p, type Cart struct, Lines int",
		"pkg p, type Cart struct, embedded *Embedded",
		"pkg p, type Embedded struct",
		"pkg p, type Mode int",
		"pkg p, type Shower interface",
		"pkg p, type Shower interface, Show(int, ...string) (int, error)",
		"pkg p, var ErrX",
	}, got)
}
