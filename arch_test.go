package livecommerce_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The architecture rules of doc.go ("Principles") and the dependency policy,
// checked on the syntax of every Go file of the module. Each rule maps
// one parsed file to its violations, "path:line: message", so that
// TestArchRulesCatchViolations can feed it bad sources.

// sourceFile is one parsed Go file; its FileSet positions name rel, the
// slash-separated path from the module root.
type sourceFile struct {
	rel  string
	fset *token.FileSet
	file *ast.File
}

// isLibrary reports whether f is a library file: not a test, not an
// example program.
func (f sourceFile) isLibrary() bool {
	return !strings.HasSuffix(f.rel, "_test.go") && !strings.HasPrefix(f.rel, "examples/")
}

// parseSource parses src as the file rel into fset, with comments.
func parseSource(fset *token.FileSet, rel string, src []byte) (sourceFile, error) {
	f, err := parser.ParseFile(fset, rel, src, parser.ParseComments|parser.SkipObjectResolution)
	return sourceFile{rel: rel, fset: fset, file: f}, err
}

// moduleFiles parses every .go file under root, skipping .git, testdata,
// directories whose name starts with '.' or '_', and nested modules.
func moduleFiles(root string) ([]sourceFile, error) {
	var files []sourceFile
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == root {
				return nil
			}
			name := d.Name()
			if name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parseSource(fset, filepath.ToSlash(rel), src)
		if err != nil {
			return err
		}
		files = append(files, f)
		return nil
	})
	return files, err
}

// at formats a violation at node n.
func (f sourceFile) at(n ast.Node, format string, args ...any) string {
	p := f.fset.Position(n.Pos())
	return fmt.Sprintf("%s:%d: %s", p.Filename, p.Line, fmt.Sprintf(format, args...))
}

// importName returns the name under which f imports path, "" if it does not,
// and the import spec.
func importName(f *ast.File, path string) (string, *ast.ImportSpec) {
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || p != path {
			continue
		}
		if imp.Name != nil {
			return imp.Name.Name, imp
		}
		return defaultName(path), imp
	}
	return "", nil
}

// defaultName is the name an unrenamed import of path usually has: its last
// element, or the one before a major-version suffix ("math/rand/v2" is rand).
func defaultName(path string) string {
	elems := strings.Split(path, "/")
	n := len(elems)
	if last := elems[n-1]; n > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		return elems[n-2]
	}
	return elems[n-1]
}

// packageUses calls visit for every selector name.Sel in f, where name is a
// package import name.
func packageUses(f *ast.File, name string, visit func(sel *ast.SelectorExpr)) {
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == name {
				visit(sel)
			}
		}
		return true
	})
}

// forbiddenImports are the packages a library may not import; with tree set,
// the packages under path too.
var forbiddenImports = []struct {
	path string
	tree bool
	why  string
}{
	{"os", true, "does I/O"},
	{"net", true, "does I/O"},
	{"io/ioutil", false, "does I/O"},
	{"io/fs", false, "does I/O"},
	{"log", true, "does I/O"},
	{"syscall", true, "does I/O"},
	{"database/sql", true, "does I/O"},
	{"plugin", false, "does I/O"},
	{"flag", false, "reads process state"},
	{"runtime/debug", false, "reads process state"},
	{"unsafe", false, "escapes the type system"},
	{"math/rand", false, "uses global randomness"}, // math/rand/v2: checkSeededRand
	{"crypto/rand", false, "uses global randomness"},
}

// forbiddenImport reports why a library may not import path, or "".
func forbiddenImport(path string) string {
	for _, fi := range forbiddenImports {
		if path == fi.path || fi.tree && strings.HasPrefix(path, fi.path+"/") {
			return fi.why
		}
	}
	return ""
}

// checkImports: a library imports nothing that does I/O or reaches process
// state; the caller passes what it needs.
func checkImports(f sourceFile) []string {
	var out []string
	for _, imp := range f.file.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		if why := forbiddenImport(path); why != "" {
			out = append(out, f.at(imp, "imports %q, which %s; library packages are pure (take it as a parameter)", path, why))
		}
	}
	return out
}

// checkSeededRand: math/rand/v2 only through an explicit, seeded generator.
func checkSeededRand(f sourceFile) []string {
	name, imp := importName(f.file, "math/rand/v2")
	switch name {
	case "":
		return nil
	case ".", "_":
		return []string{f.at(imp, `imports "math/rand/v2" as %s; import it by name and use only a seeded generator`, name)}
	}
	allowed := map[string]bool{
		"New": true, "NewPCG": true, "NewChaCha8": true,
		"Rand": true, "PCG": true, "ChaCha8": true, "Source": true,
	}
	var out []string
	packageUses(f.file, name, func(sel *ast.SelectorExpr) {
		if !allowed[sel.Sel.Name] {
			out = append(out, f.at(sel, "uses %s.%s, global randomness; build a *rand.Rand from the caller's seed (rand.New(rand.NewPCG(...)))", name, sel.Sel.Name))
		}
	})
	return out
}

// checkClock: a library never reads the clock or waits; the caller passes now.
func checkClock(f sourceFile) []string {
	name, imp := importName(f.file, "time")
	switch name {
	case "", "_":
		return nil
	case ".":
		return []string{f.at(imp, `imports "time" with a dot, which hides clock reads; import it by name`)}
	}
	clock := map[string]bool{
		"Now": true, "Since": true, "Until": true, "Sleep": true, "After": true,
		"Tick": true, "NewTimer": true, "NewTicker": true, "AfterFunc": true,
	}
	var out []string
	packageUses(f.file, name, func(sel *ast.SelectorExpr) {
		if clock[sel.Sel.Name] {
			out = append(out, f.at(sel, "uses %s.%s: library packages take the time from the caller", name, sel.Sel.Name))
		}
	})
	return out
}

// checkNoFloats: money is never a float, so commerce code names no float type.
func checkNoFloats(f sourceFile) []string {
	var out []string
	ast.Inspect(f.file, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			ast.Inspect(sel.X, func(n ast.Node) bool { out = append(out, floatIdent(f, n)...); return true })
			return false // sel.Sel is a field or method name, not a type
		}
		out = append(out, floatIdent(f, n)...)
		return true
	})
	return out
}

func floatIdent(f sourceFile, n ast.Node) []string {
	if id, ok := n.(*ast.Ident); ok && (id.Name == "float32" || id.Name == "float64") {
		return []string{f.at(id, "uses %s: money and rates are never floats (use Money, Rate or Ratio)", id.Name)}
	}
	return nil
}

// checkPackageVars: no mutable package-level state. Error sentinels (Err...),
// blank assertions (var _ I = T{}) and fixed-size arrays used as read-only
// tables are the only package-level variables.
func checkPackageVars(f sourceFile) []string {
	var out []string
	for _, decl := range f.file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, id := range vs.Names {
				if id.Name == "_" || strings.HasPrefix(id.Name, "Err") {
					continue
				}
				typ := vs.Type
				if typ == nil && i < len(vs.Values) {
					if lit, ok := vs.Values[i].(*ast.CompositeLit); ok {
						typ = lit.Type
					}
				}
				if at, ok := typ.(*ast.ArrayType); ok && at.Len != nil {
					continue // [N]T or [...]T
				}
				out = append(out, f.at(id, "package-level var %s is mutable state; only Err sentinels and fixed-size [N]T tables may be package variables", id.Name))
			}
		}
	}
	return out
}

// archRule is one rule, applied to the files for which applies is true.
type archRule struct {
	name    string
	applies func(sourceFile) bool
	check   func(sourceFile) []string
}

func library(f sourceFile) bool { return f.isLibrary() }

var archRules = []archRule{
	{"imports", library, checkImports},
	{"seeded-rand", library, checkSeededRand},
	{"clock", library, checkClock},
	{"no-floats-in-commerce", func(f sourceFile) bool {
		return f.isLibrary() && strings.HasPrefix(f.rel, "commerce/")
	}, checkNoFloats},
	{"package-vars", library, checkPackageVars},
}

// allowedRequires are the only direct dependencies of the module.
var allowedRequires = map[string]bool{
	"github.com/shopspring/decimal": true,
	"github.com/stretchr/testify":   true,
	"golang.org/x/exp":              true,
}

// checkGoMod reports direct requirements of the go.mod text outside
// allowedRequires, as "go.mod:line: ...".
func checkGoMod(gomod string) []string {
	var out []string
	inBlock := false
	for i, line := range strings.Split(gomod, "\n") {
		code, comment, _ := strings.Cut(line, "//")
		fields := strings.Fields(code)
		switch {
		case inBlock && len(fields) == 1 && fields[0] == ")":
			inBlock = false
			continue
		case len(fields) == 2 && fields[0] == "require" && fields[1] == "(":
			inBlock = true
			continue
		case len(fields) > 0 && fields[0] == "require":
			fields = fields[1:]
		case !inBlock:
			continue
		}
		if len(fields) == 0 || strings.TrimSpace(comment) == "indirect" {
			continue
		}
		if mod, _ := strconv.Unquote(fields[0]); mod != "" {
			fields[0] = mod
		}
		if !allowedRequires[fields[0]] {
			out = append(out, fmt.Sprintf("go.mod:%d: direct requirement %s; the only allowed direct dependencies are shopspring/decimal, testify and x/exp", i+1, fields[0]))
		}
	}
	return out
}

func TestArchitecture(t *testing.T) {
	files, err := moduleFiles(".")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, rule := range archRules {
		t.Run(rule.name, func(t *testing.T) {
			checked := 0
			for _, f := range files {
				if rule.applies(f) {
					checked++
					for _, v := range rule.check(f) {
						t.Error(v)
					}
				}
			}
			assert.NotZero(t, checked, "the rule checked no file")
		})
	}
	t.Run("go.mod", func(t *testing.T) {
		gomod, err := os.ReadFile("go.mod")
		require.NoError(t, err)
		for _, v := range checkGoMod(string(gomod)) {
			t.Error(v)
		}
	})
}

// TestArchRulesCatchViolations shows that every rule fails on a source that
// breaks it and passes a close source that keeps it.
func TestArchRulesCatchViolations(t *testing.T) {
	rules := make(map[string]archRule)
	for _, r := range archRules {
		rules[r.name] = r
	}
	tests := []struct {
		name, rule, rel, src string
		want                 []string // one substring per expected violation, in order
	}{
		{"os", "imports", "commerce/x.go", `package x; import "os"; var _ = os.Args`, []string{`commerce/x.go:1: imports "os"`}},
		{"net/http", "imports", "live/x.go", "package x\nimport _ \"net/http\"", []string{`live/x.go:2: imports "net/http"`}},
		{"math/rand v1", "imports", "x.go", `package x; import "math/rand"`, []string{`"math/rand"`}},
		{"unsafe, log/slog and runtime/debug", "imports", "x.go", `package x; import ("unsafe"; "log/slog"; "runtime/debug")`,
			[]string{`"unsafe"`, `"log/slog"`, `"runtime/debug"`}},
		{"pure imports", "imports", "x.go", `package x; import ("time"; "math/rand/v2"; "reflect"; "crypto/sha256"; "iter"; "math/bits")`, nil},

		{"global rand/v2", "seeded-rand", "x.go", "package x\nimport \"math/rand/v2\"\nfunc f() int { return rand.IntN(6) }",
			[]string{"x.go:3: uses rand.IntN"}},
		{"renamed global rand/v2", "seeded-rand", "x.go", `package x; import r "math/rand/v2"; var f = r.Shuffle`, []string{"uses r.Shuffle"}},
		{"dot rand/v2", "seeded-rand", "x.go", `package x; import . "math/rand/v2"`, []string{`imports "math/rand/v2" as .`}},
		{"seeded rand/v2", "seeded-rand", "x.go", `package x; import "math/rand/v2"
			func f(seed uint64) *rand.Rand { var s rand.Source = rand.NewPCG(seed, 1); return rand.New(s) }
			func g(c *rand.ChaCha8, p rand.PCG) *rand.Rand { return rand.New(rand.NewChaCha8([32]byte{})) }`, nil},

		{"time.Now", "clock", "x.go", "package x\nimport \"time\"\nvar t = time.Now()", []string{"x.go:3: uses time.Now"}},
		{"renamed time", "clock", "x.go", `package x; import tm "time"; func f() { tm.Sleep(1); <-tm.After(1); _ = tm.Since }`,
			[]string{"uses tm.Sleep", "uses tm.After", "uses tm.Since"}},
		{"timers", "clock", "x.go", `package x; import "time"; func f() { time.NewTimer(1); time.AfterFunc(1, nil); time.Tick(1); time.Until(time.Time{}); time.NewTicker(1) }`,
			[]string{"time.NewTimer", "time.AfterFunc", "time.Tick", "time.Until", "time.NewTicker"}},
		{"dot time", "clock", "x.go", `package x; import . "time"; var t = Now()`, []string{`imports "time" with a dot`}},
		{"time values", "clock", "x.go", `package x; import "time"; func f(now time.Time, d time.Duration) time.Time { return now.Add(d).In(time.UTC) }`, nil},
		{"time shadowed by another package", "clock", "x.go", `package x; import time "example.com/fake"; var t = time.Now()`, nil},

		{"float64 money", "no-floats-in-commerce", "commerce/x.go", "package x\nfunc f(units int64) float64 { return float64(units) / 100 }",
			[]string{"commerce/x.go:2: uses float64", "commerce/x.go:2: uses float64"}},
		{"float32 field", "no-floats-in-commerce", "commerce/x.go", `package x; type T struct{ price float32 }`, []string{"uses float32"}},
		{"float named method", "no-floats-in-commerce", "commerce/x.go", `package x; var _ = x.float64`, nil},

		{"slice var", "package-vars", "x.go", "package x\nvar names = []string{\"a\"}", []string{"x.go:2: package-level var names"}},
		{"map var", "package-vars", "x.go", `package x; var byCode map[string]int`, []string{"var byCode"}},
		{"scalar and grouped vars", "package-vars", "x.go", `package x; var (count int; a, b = 1, 2)`, []string{"var count", "var a", "var b"}},
		{"allowed vars", "package-vars", "x.go", `package x
			var ErrX = errors.New("x")
			var _ fmt.Stringer = T{}
			var table = [3]int{1, 2, 3}
			var names = [...]string{"a", "b"}
			var typed [4]uint64
			func f() { var local = []int{}; _ = local }`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.rule+"/"+tt.name, func(t *testing.T) {
			f, err := parseSource(token.NewFileSet(), tt.rel, []byte(tt.src))
			require.NoError(t, err)
			got := rules[tt.rule].check(f)
			require.Len(t, got, len(tt.want), "violations: %q", got)
			for i, w := range tt.want {
				assert.Contains(t, got[i], w)
			}
		})
	}
}

func TestArchRuleScope(t *testing.T) {
	tests := []struct {
		rel               string
		library, commerce bool // the library rules apply; the float rule applies
	}{
		{"commerce/money.go", true, true},
		{"commerce/commercetest/fixtures.go", true, true},
		{"commerce/money_test.go", false, false},
		{"live/session.go", true, false},
		{"examples/tour/main.go", false, false},
	}
	rules := make(map[string]archRule)
	for _, r := range archRules {
		rules[r.name] = r
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			f := sourceFile{rel: tt.rel}
			assert.Equal(t, tt.library, rules["imports"].applies(f))
			assert.Equal(t, tt.commerce, rules["no-floats-in-commerce"].applies(f))
		})
	}
}

func TestCheckGoMod(t *testing.T) {
	gomod := `module github.com/livecommerce-go/livecommerce

go 1.26

require github.com/pkg/errors v0.9.1

require (
	github.com/shopspring/decimal v1.6.0
	github.com/stretchr/testify v1.12.1 // a comment
	"golang.org/x/exp" v0.0.0-20250101000000-000000000000
	golang.org/x/mod v0.20.0
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)

require gopkg.in/yaml.v3 v3.0.1 // indirect
`
	assert.Equal(t, []string{
		"go.mod:5: direct requirement github.com/pkg/errors; the only allowed direct dependencies are shopspring/decimal, testify and x/exp",
		"go.mod:11: direct requirement golang.org/x/mod; the only allowed direct dependencies are shopspring/decimal, testify and x/exp",
	}, checkGoMod(gomod))
}

func TestModuleFilesSkips(t *testing.T) {
	root := t.TempDir()
	for _, rel := range []string{
		"doc.go", "commerce/money.go", "commerce/money_test.go", "examples/tour/main.go",
		".git/x.go", ".ci/x.go", "_scratch/x.go", "commerce/testdata/x.go", "tools/go.mod", "tools/x.go",
	} {
		path := filepath.Join(root, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte("package x\n"), 0o644))
	}
	files, err := moduleFiles(root)
	require.NoError(t, err)
	var rels []string
	for _, f := range files {
		rels = append(rels, f.rel)
	}
	assert.ElementsMatch(t, []string{"doc.go", "commerce/money.go", "commerce/money_test.go", "examples/tour/main.go"}, rels)
}
