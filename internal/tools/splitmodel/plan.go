package main

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// edit replaces src[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// srcFile is a parsed file of model/.
type srcFile struct {
	name  string // base name
	src   []byte
	file  *ast.File
	dest  string // destination of the whole file, or "" when split
	edits []edit
}

type splitter struct {
	root, mod string
	fset      *token.FileSet
	files     []*srcFile        // non-test and internal test files of model/
	ext       []*srcFile        // external test files (package model_test)
	extDest   string            // where the external tests go
	dest      map[string]string // exported name → destination key, for requalifying selectors
	out       map[string][]byte // path relative to root → content to write
	remove    map[string]bool   // paths relative to root to delete
	notes     []string
	dirNames  map[string]map[string]bool // directory → top-level names declared there
}

func (s *splitter) note(format string, args ...any) {
	s.notes = append(s.notes, fmt.Sprintf(format, args...))
}

// planModel parses and type-checks model/, decides where every declaration goes, and computes
// the text of each output file.
func (s *splitter) planModel() error {
	s.fset = token.NewFileSet()
	s.dest = map[string]string{}
	// Names already moved (a re-run on a split tree, or on a merge of one).
	for key, p := range packages {
		if key == "model" {
			continue
		}
		if err := s.existingNames(key, p.dir); err != nil {
			return err
		}
	}
	dir := filepath.Join(s.root, "model")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("reading model: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return fmt.Errorf("reading model: %w", err)
		}
		f, err := parser.ParseFile(s.fset, filepath.Join(dir, e.Name()), src, parser.ParseComments)
		if err != nil {
			return fmt.Errorf("parsing: %w", err)
		}
		sf := &srcFile{name: e.Name(), src: src, file: f}
		if f.Name.Name == "model_test" {
			s.ext = append(s.ext, sf)
		} else {
			s.files = append(s.files, sf)
		}
	}
	// Type-check model (with its internal tests) to resolve every identifier.
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: importer.ForCompiler(s.fset, "source", nil)}
	var asts []*ast.File
	for _, f := range s.files {
		asts = append(asts, f.file)
	}
	pkg, err := conf.Check(s.mod+"/model", s.fset, asts, info)
	if err != nil {
		return fmt.Errorf("type-checking model: %w", err)
	}
	// Destination of each top-level declaration.
	objDest := map[types.Object]string{}
	declDest := map[ast.Decl]string{}
	var unmapped []*srcFile
	for _, f := range s.files {
		if d, ok := fileMap[f.name]; ok {
			f.dest = d
		} else if _, ok := splitFiles[f.name]; !ok {
			unmapped = append(unmapped, f)
			continue
		}
		s.placeDecls(f, info, objDest, declDest)
	}
	// Files nobody mapped: where their methods' receivers or the names they use live.
	for _, f := range unmapped {
		f.dest = s.placeUnmapped(f, info, objDest)
		s.note("model/%s is not in the mapping: moved to %s (it uses or extends %s names)", f.name, f.dest, f.dest)
		s.placeDecls(f, info, objDest, declDest)
	}
	// Renamed declarations: their doc comments too.
	for _, f := range s.files {
		for _, cg := range f.file.Comments {
			lo, hi := s.fset.Position(cg.Pos()).Offset, s.fset.Position(cg.End()).Offset
			text := string(f.src[lo:hi])
			for old, nn := range renames {
				text = regexp.MustCompile(`\b`+old+`\b`).ReplaceAllString(text, nn)
			}
			if text != string(f.src[lo:hi]) {
				f.edits = append(f.edits, edit{lo, hi, text})
			}
		}
	}
	// Requalify uses across the new package boundaries.
	var errs []string
	for _, f := range s.files {
		for _, d := range f.file.Decls {
			dd := declDest[d]
			ast.Inspect(d, func(n ast.Node) bool {
				id, ok := n.(*ast.Ident)
				if !ok {
					return true
				}
				obj := info.Uses[id]
				if obj == nil {
					obj = info.Defs[id]
					if obj == nil || obj.Parent() != pkg.Scope() {
						return true
					}
					if nn, ok := renames[id.Name]; ok {
						f.edits = append(f.edits, s.identEdit(id, nn))
					}
					return true
				}
				if obj.Parent() != pkg.Scope() {
					return true
				}
				od, ok := objDest[obj]
				if !ok {
					return true
				}
				name := id.Name
				if nn, ok := renames[name]; ok {
					name = nn
				}
				if od == dd {
					if name != id.Name {
						f.edits = append(f.edits, s.identEdit(id, name))
					}
					return true
				}
				if !ast.IsExported(name) {
					errs = append(errs, fmt.Sprintf("%s: %s (in %s) uses unexported %s (in %s): add it to renames or map them together", s.fset.Position(id.Pos()), declName(d), dd, id.Name, od))
					return true
				}
				if dd == "model" {
					errs = append(errs, fmt.Sprintf("%s: %s stays in model but uses %s.%s: import cycle; map it to %s too", s.fset.Position(id.Pos()), declName(d), od, id.Name, od))
					return true
				}
				if dd == "actor" && od == "retransmit" {
					errs = append(errs, fmt.Sprintf("%s: %s (actor) uses retransmit.%s: import cycle", s.fset.Position(id.Pos()), declName(d), id.Name))
					return true
				}
				f.edits = append(f.edits, s.identEdit(id, packages[od].name+"."+name))
				return true
			})
		}
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return fmt.Errorf("the mapping does not split cleanly:\n  %s", strings.Join(errs, "\n  "))
	}
	for obj, d := range objDest {
		if obj.Exported() {
			s.dest[obj.Name()] = d
		}
	}
	for old, nn := range renames {
		if obj := pkg.Scope().Lookup(old); obj != nil {
			s.dest[nn] = objDest[obj]
		}
	}
	// External tests move together (they share helpers) to where what they test went.
	s.extDest = "model"
	for _, f := range s.ext {
		ast.Inspect(f.file, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "model" {
					if d := s.dest[sel.Sel.Name]; d == "actor" || (d == "retransmit" && s.extDest == "model") {
						s.extDest = d
					}
				}
			}
			return true
		})
	}
	return s.emitModel(declDest)
}

// existingNames records the exported names already declared in a destination directory.
func (s *splitter) existingNames(key, dir string) error {
	pkgs, err := parser.ParseDir(token.NewFileSet(), filepath.Join(s.root, dir), func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		return fmt.Errorf("reading %s: %w", dir, err)
	}
	for _, p := range pkgs {
		for _, f := range p.Files {
			for name, obj := range f.Scope.Objects {
				if ast.IsExported(name) && obj.Kind != ast.Bad {
					s.dest[name] = key
				}
			}
		}
	}
	return nil
}

func (s *splitter) identEdit(id *ast.Ident, text string) edit {
	off := s.fset.Position(id.Pos()).Offset
	return edit{start: off, end: off + len(id.Name), text: text}
}

// placeDecls records the destination of f's declarations.
func (s *splitter) placeDecls(f *srcFile, info *types.Info, objDest map[types.Object]string, declDest map[ast.Decl]string) {
	split, isSplit := splitFiles[f.name]
	var methods []*ast.FuncDecl
	for _, d := range f.file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
			methods = append(methods, fd)
			continue
		}
		dest := f.dest
		if isSplit {
			dest = split.def
			if n, ok := split.names[originalName(declName(d))]; ok {
				dest = n
			}
		}
		declDest[d] = dest
		for _, id := range declIdents(d) {
			if obj := info.Defs[id]; obj != nil {
				objDest[obj] = dest
			}
		}
	}
	for _, m := range methods {
		dest := f.dest
		if isSplit {
			dest = split.def
			if obj := info.Uses[recvIdent(m)]; obj != nil {
				if d, ok := objDest[obj]; ok {
					dest = d
				}
			}
		}
		declDest[m] = dest
	}
}

// placeUnmapped picks the destination of a file the mapping does not list.
func (s *splitter) placeUnmapped(f *srcFile, info *types.Info, objDest map[types.Object]string) string {
	dest := "model"
	ast.Inspect(f.file, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if d, ok := objDest[info.Uses[id]]; ok && d != "model" && dest == "model" {
				dest = d
			}
		}
		return true
	})
	return dest
}

func recvIdent(fd *ast.FuncDecl) *ast.Ident {
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x
		default:
			return nil
		}
	}
}

// declIdents returns the names a top-level declaration defines.
func declIdents(d ast.Decl) []*ast.Ident {
	switch d := d.(type) {
	case *ast.FuncDecl:
		return []*ast.Ident{d.Name}
	case *ast.GenDecl:
		var ids []*ast.Ident
		for _, sp := range d.Specs {
			switch sp := sp.(type) {
			case *ast.TypeSpec:
				ids = append(ids, sp.Name)
			case *ast.ValueSpec:
				ids = append(ids, sp.Names...)
			}
		}
		return ids
	}
	return nil
}

func declName(d ast.Decl) string {
	if ids := declIdents(d); len(ids) > 0 {
		return ids[0].Name
	}
	return "import"
}

// originalName undoes renames, so that a re-run maps a renamed declaration as before.
func originalName(name string) string {
	for old, nn := range renames {
		if nn == name {
			return old
		}
	}
	return name
}
