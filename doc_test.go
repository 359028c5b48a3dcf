package livecommerce_test

import (
	"fmt"
	"go/ast"
	"go/doc"
	"go/token"
	"maps"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goPackage is the Go files of one directory of the module.
type goPackage struct {
	dir   string // slash-separated, "." for the module root
	name  string // package name of the non-test files
	files []sourceFile
	tests []sourceFile
}

// library reports whether p is a library package: not a command and not
// under examples/.
func (p goPackage) library() bool {
	return p.name != "main" && p.dir != "examples" && !strings.HasPrefix(p.dir, "examples/")
}

// modulePackages groups the module's files by directory. Files built only
// with the "ignore" tag (generators) are left out.
func modulePackages(files []sourceFile) []goPackage {
	byDir := make(map[string]*goPackage)
	var dirs []string
	for _, f := range files {
		if ignored(f.file) {
			continue
		}
		dir := path.Dir(f.rel)
		p := byDir[dir]
		if p == nil {
			p = &goPackage{dir: dir}
			byDir[dir] = p
			dirs = append(dirs, dir)
		}
		if strings.HasSuffix(f.rel, "_test.go") {
			p.tests = append(p.tests, f)
			continue
		}
		p.name = f.file.Name.Name
		p.files = append(p.files, f)
	}
	slices.Sort(dirs)
	var pkgs []goPackage
	for _, d := range dirs {
		if len(byDir[d].files) > 0 {
			pkgs = append(pkgs, *byDir[d])
		}
	}
	return pkgs
}

// ignored reports whether f carries the constraint //go:build ignore.
func ignored(f *ast.File) bool {
	for _, g := range f.Comments {
		if g.Pos() > f.Package {
			break
		}
		for _, c := range g.List {
			if strings.TrimSpace(c.Text) == "//go:build ignore" {
				return true
			}
		}
	}
	return false
}

// undocumented reports the exported identifiers of the package made of files
// that have no doc comment: types, functions, methods of exported types,
// constants and variables. A const or var group is documented by a comment on
// the group or on each of its specs. Struct fields need none.
func undocumented(files []sourceFile) ([]string, error) {
	if len(files) == 0 {
		return nil, nil
	}
	fset := files[0].fset
	asts := make([]*ast.File, len(files))
	for i, f := range files {
		asts[i] = f.file
	}
	p, err := doc.NewFromFiles(fset, asts, path.Dir(files[0].rel), doc.PreserveAST)
	if err != nil {
		return nil, err
	}
	var out []string
	missing := func(n ast.Node, what string) {
		pos := fset.Position(n.Pos())
		out = append(out, fmt.Sprintf("%s:%d: exported %s has no doc comment", pos.Filename, pos.Line, what))
	}
	funcs := func(fs []*doc.Func) {
		for _, f := range fs {
			if f.Doc == "" && f.Level == 0 { // Level > 0: promoted, checked where declared
				if f.Recv != "" {
					missing(f.Decl, "method "+strings.TrimPrefix(f.Recv, "*")+"."+f.Name)
				} else {
					missing(f.Decl, "func "+f.Name)
				}
			}
		}
	}
	values := func(vs []*doc.Value) {
		for _, v := range vs {
			if v.Doc != "" {
				continue
			}
			for _, spec := range v.Decl.Specs {
				s := spec.(*ast.ValueSpec)
				if s.Doc != nil || s.Comment != nil {
					continue
				}
				for _, id := range s.Names {
					if id.IsExported() {
						missing(id, v.Decl.Tok.String()+" "+id.Name)
					}
				}
			}
		}
	}
	values(p.Consts)
	values(p.Vars)
	funcs(p.Funcs)
	for _, t := range p.Types {
		if t.Doc == "" {
			missing(t.Decl, "type "+t.Name)
		}
		values(t.Consts)
		values(t.Vars)
		funcs(t.Funcs)
		funcs(t.Methods)
	}
	return out, nil
}

// minExamples is how many Example functions each importable library
// package needs; an internal package needs one.
const minExamples = 3

// packageProblems reports what a library package lacks: a doc.go with the
// package comment, and at least minExamples Example functions in its tests
// (except the module root, which holds no code).
func packageProblems(p goPackage) []string {
	if !p.library() {
		return nil
	}
	var out []string
	i := slices.IndexFunc(p.files, func(f sourceFile) bool { return path.Base(f.rel) == "doc.go" })
	switch {
	case i < 0:
		out = append(out, fmt.Sprintf("%s: package %s has no doc.go", p.dir, p.name))
	case p.files[i].file.Doc == nil:
		out = append(out, fmt.Sprintf("%s: doc.go has no package comment", p.files[i].rel))
	}
	if p.dir == "." {
		return out
	}
	tests := make([]*ast.File, len(p.tests))
	for i, f := range p.tests {
		tests[i] = f.file
	}
	want := minExamples
	if strings.HasPrefix(p.dir, "internal/") {
		want = 1 // not importable: one Example shows the idea
	}
	if n := len(doc.Examples(tests...)); n < want {
		out = append(out, fmt.Sprintf("%s: package %s has %d Example functions in its _test.go files, want at least %d", p.dir, p.name, n, want))
	}
	return out
}

func TestDocumentation(t *testing.T) {
	files, err := moduleFiles(".")
	require.NoError(t, err)
	pkgs := modulePackages(files)
	require.NotEmpty(t, pkgs)
	for _, p := range pkgs {
		t.Run(p.dir, func(t *testing.T) {
			missing, err := undocumented(p.files)
			require.NoError(t, err)
			for _, m := range append(missing, packageProblems(p)...) {
				t.Error(m)
			}
		})
	}
}

// parsePackage parses srcs, keyed by slash path, into one FileSet.
func parsePackage(t *testing.T, srcs map[string]string) goPackage {
	t.Helper()
	fset := token.NewFileSet()
	var files []sourceFile
	for _, rel := range slices.Sorted(maps.Keys(srcs)) {
		f, err := parseSource(fset, rel, []byte(srcs[rel]))
		require.NoError(t, err)
		files = append(files, f)
	}
	pkgs := modulePackages(files)
	require.Len(t, pkgs, 1)
	return pkgs[0]
}

// TestUndocumentedCatchesMissingDocs shows that the documentation check fails
// on each kind of undocumented exported identifier and accepts documented or
// unexported ones.
func TestUndocumentedCatchesMissingDocs(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"func", "package p\n\nfunc Quote() {}", []string{"p/p.go:3: exported func Quote has no doc comment"}},
		{"type, constructor and method", `package p
			type Cart struct{ Lines int }
			func NewCart() Cart { return Cart{} }
			func (c *Cart) Add() {}`,
			[]string{"exported type Cart", "exported func NewCart", "exported method Cart.Add"}},
		{"ungrouped const and var", "package p; const Max = 3; var Default = 1",
			[]string{"exported const Max", "exported var Default"}},
		{"group without docs", `package p
			const (
				A = 1 // A is documented.
				B = 2
				c = 3
			)`,
			[]string{"p/p.go:4: exported const B"}},
		{"typed const group", `package p
			// Mode is a mode.
			type Mode int
			const (
				Fast Mode = iota
			)`,
			[]string{"exported const Fast"}},
		{"documented", `// Package p is documented.
			package p

			// Quote quotes.
			func Quote() {}

			// Cart is a cart.
			type Cart struct{ Lines int }

			// Add adds.
			func (c Cart) Add() {}

			// The limits.
			const (
				Max = 3
				Min = 1
			)

			var (
				Default = 1 // Default is the default.
			)

			// ErrX is an error.
			var ErrX = error(nil)

			func unexported() {}
			type cart struct{}
			func (cart) Exported() {}
			func (c Cart) private() {}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := parsePackage(t, map[string]string{"p/p.go": tt.src})
			got, err := undocumented(p.files)
			require.NoError(t, err)
			require.Len(t, got, len(tt.want), "reported: %q", got)
			for _, w := range tt.want {
				assert.True(t, slices.ContainsFunc(got, func(g string) bool { return strings.Contains(g, w) }), "want %q in %q", w, got)
			}
		})
	}
}

// TestPackageProblems shows that a library package without doc.go, package
// comment or three Examples is reported, and that commands and the root are exempt
// where they should be.
func TestPackageProblems(t *testing.T) {
	const example = "package p_test\n\nfunc ExampleQuote() {}\nfunc ExampleQuote_second() {}\nfunc ExampleQuote_third() {}\n"
	tests := []struct {
		name string
		srcs map[string]string
		want []string
	}{
		{"complete", map[string]string{"p/doc.go": "// Package p quotes.\npackage p", "p/example_test.go": example}, nil},
		{"no doc.go", map[string]string{"p/p.go": "// Package p quotes.\npackage p", "p/example_test.go": example},
			[]string{"p: package p has no doc.go"}},
		{"no package comment", map[string]string{"p/doc.go": "package p", "p/example_test.go": example},
			[]string{"p/doc.go: doc.go has no package comment"}},
		{"no Example", map[string]string{"p/doc.go": "// Package p quotes.\npackage p", "p/p_test.go": "package p\n\nfunc TestX() {}\nfunc Examplex() {}"},
			[]string{"p: package p has 0 Example functions in its _test.go files, want at least 3"}},
		{"two Examples", map[string]string{"p/doc.go": "// Package p quotes.\npackage p", "p/example_test.go": "package p_test\n\nfunc ExampleQuote() {}\nfunc ExampleQuote_second() {}\n"},
			[]string{"p: package p has 2 Example functions in its _test.go files, want at least 3"}},
		{"internal needs one", map[string]string{"internal/q/doc.go": "// Package q helps.\npackage q", "internal/q/q_test.go": "package q_test\n\nfunc ExampleHelp() {}\n"}, nil},
		{"root needs no Example", map[string]string{"doc.go": "// Package root maps.\npackage root"}, nil},
		{"example program", map[string]string{"examples/tour/main.go": "package main\n\nfunc main() {}"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, packageProblems(parsePackage(t, tt.srcs)))
		})
	}
}
