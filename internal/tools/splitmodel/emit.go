package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// applyEdits applies the edits that fall in src[lo:hi] and returns that part.
func applyEdits(src []byte, edits []edit, lo, hi int) []byte {
	es := make([]edit, 0, len(edits))
	for _, e := range edits {
		if e.start >= lo && e.end <= hi {
			es = append(es, e)
		}
	}
	sort.Slice(es, func(i, j int) bool { return es[i].start < es[j].start })
	var b bytes.Buffer
	at := lo
	for _, e := range es {
		if e.start < at {
			continue // duplicate edit of the same identifier
		}
		b.Write(src[at:e.start])
		b.WriteString(e.text)
		at = e.end
	}
	b.Write(src[at:hi])
	return b.Bytes()
}

// emitModel computes the files that model/ becomes.
func (s *splitter) emitModel(declDest map[ast.Decl]string) error {
	for _, f := range s.files {
		off := func(p token.Pos) int { return s.fset.Position(p).Offset }
		groups := map[string][]ast.Decl{}
		var order []string
		var imports []*ast.GenDecl
		for _, d := range f.file.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
				imports = append(imports, gd)
				continue
			}
			dd := declDest[d]
			if _, ok := groups[dd]; !ok {
				order = append(order, dd)
			}
			groups[dd] = append(groups[dd], d)
		}
		if len(order) <= 1 {
			dest := f.dest
			if len(order) == 1 {
				dest = order[0]
			}
			text := applyEdits(f.src, f.edits, 0, len(f.src))
			if dest == "model" {
				if err := s.put(filepath.Join("model", f.name), text, false, "model"); err != nil {
					return err
				}
				continue
			}
			n := f.file.Name
			text = applyEdits(f.src, append(f.edits, edit{off(n.Pos()), off(n.End()), packages[dest].name}), 0, len(f.src))
			if err := s.move(f.name, dest, text); err != nil {
				return err
			}
			continue
		}
		sort.Strings(order)
		for _, dest := range order {
			name := f.name
			if n, ok := splitFiles[f.name].files[dest]; ok {
				name = n
			}
			var b bytes.Buffer
			if dest == "model" {
				end := off(f.file.Name.End())
				if len(imports) > 0 {
					end = off(imports[len(imports)-1].End())
				}
				b.Write(f.src[:end])
			} else {
				fmt.Fprintf(&b, "package %s\n", packages[dest].name)
				for _, gd := range imports {
					b.WriteString("\n")
					b.Write(f.src[off(gd.Pos()):off(gd.End())])
				}
			}
			for _, d := range groups[dest] {
				lo := off(d.Pos())
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Doc != nil {
						lo = off(d.Doc.Pos())
					}
				case *ast.GenDecl:
					if d.Doc != nil {
						lo = off(d.Doc.Pos())
					}
				}
				b.WriteString("\n\n")
				b.Write(applyEdits(f.src, f.edits, lo, off(d.End())))
			}
			b.WriteString("\n")
			switch {
			case dest == "model" && name == f.name:
				if err := s.put(filepath.Join("model", name), b.Bytes(), true, "model"); err != nil {
					return err
				}
			case dest == "model":
				s.remove[filepath.Join("model", f.name)] = true
				if err := s.put(filepath.Join("model", name), b.Bytes(), true, "model"); err != nil {
					return err
				}
			default:
				s.remove[filepath.Join("model", f.name)] = true
				if err := s.move(name, dest, b.Bytes()); err != nil {
					return err
				}
			}
		}
	}
	for _, f := range s.ext {
		text := f.src
		if s.extDest != "model" {
			n := f.file.Name
			o := s.fset.Position(n.Pos()).Offset
			text = applyEdits(f.src, []edit{{o, o + len(n.Name), packages[s.extDest].name + "_test"}}, 0, len(f.src))
			if err := s.move(f.name, s.extDest, text); err != nil {
				return err
			}
			continue
		}
		if err := s.put(filepath.Join("model", f.name), text, false, "model"); err != nil {
			return err
		}
	}
	return nil
}

// move writes a file of model/ into the destination package and deletes the original.
func (s *splitter) move(name, dest string, text []byte) error {
	rel := filepath.Join(packages[dest].dir, name)
	if _, err := os.Stat(filepath.Join(s.root, rel)); err == nil {
		return fmt.Errorf("model/%s moves to %s, which exists already: merge them by hand first", name, rel)
	}
	if _, err := os.Stat(filepath.Join(s.root, "model", name)); err == nil {
		s.remove[filepath.Join("model", name)] = true
	}
	return s.put(rel, text, true, dest)
}

// put requalifies text as the file rel of package key and records it if it changed (or
// always, when force is set).
func (s *splitter) put(rel string, text []byte, force bool, key string) error {
	out, changed, err := s.requalify(rel, text, force)
	if err != nil {
		return err
	}
	if changed || force {
		s.out[rel] = out
	}
	return nil
}

// selfDir is where this program lives in the distcheck module; the rewrite leaves it alone.
const selfDir = "internal/tools/splitmodel"

// rewriteModule requalifies every other Go file of the module and every Markdown file.
func (s *splitter) rewriteModule() error {
	return filepath.WalkDir(s.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(s.root, p)
		if d.IsDir() {
			base := d.Name()
			if rel != "." && (strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") || base == "vendor") {
				return filepath.SkipDir
			}
			if filepath.ToSlash(rel) == selfDir {
				return filepath.SkipDir // this program's own source, when it lives in the module
			}
			return nil
		}
		if filepath.Dir(rel) == "model" && strings.HasSuffix(rel, ".go") {
			return nil
		}
		if _, done := s.out[rel]; done || s.remove[rel] {
			return nil
		}
		inTestdata := strings.Contains(filepath.ToSlash(rel)+"/", "/testdata/") || strings.HasPrefix(rel, "testdata"+string(filepath.Separator))
		switch {
		case inTestdata:
			// Saved traces and golden files print moved types (%#v): model.Signature{…}.
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if bytes.IndexByte(src, 0) >= 0 {
				return nil
			}
			if out := s.movedWords(s.rewriteText(string(src), "model")); out != string(src) {
				s.out[rel] = []byte(out)
			}
		case strings.HasSuffix(rel, ".go"):
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return s.put(rel, src, false, "")
		case strings.HasSuffix(rel, ".md"):
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if out := s.movedWords(s.rewriteText(string(src), "model")); out != string(src) {
				s.out[rel] = []byte(out)
			}
		}
		return nil
	})
}

// rewriteText replaces L.X by the new package's name for every moved X.
func (s *splitter) rewriteText(text, local string) string {
	re := regexp.MustCompile(`\b` + regexp.QuoteMeta(local) + `\.([A-Z][A-Za-z0-9_]*)`)
	return re.ReplaceAllStringFunc(text, func(m string) string {
		name := m[len(local)+1:]
		if d, ok := s.dest[name]; ok && d != "model" {
			return packages[d].name + "." + name
		}
		return m
	})
}

// requalify rewrites model.X selectors and comments of one file and fixes its imports.
func (s *splitter) requalify(rel string, src []byte, moved bool) ([]byte, bool, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, rel, src, parser.ParseComments)
	if err != nil {
		return nil, false, fmt.Errorf("parsing %s: %w", rel, err)
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	modelPath := s.mod + "/model"
	local := ""
	for _, im := range f.Imports {
		if p, _ := strconv.Unquote(im.Path.Value); p == modelPath {
			local = "model"
			if im.Name != nil {
				local = im.Name.Name
			}
		}
	}
	// Names the file declares or uses as identifiers: a new import must not collide.
	idents := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Obj != nil {
			idents[id.Name] = true
		}
		return true
	})
	for name := range s.pkgNames(filepath.Dir(rel)) {
		idents[name] = true
	}
	imported := map[string]string{} // path → local name
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		imported[p] = path.Base(p)
		if im.Name != nil {
			imported[p] = im.Name.Name
		}
	}
	localFor := func(key string) string {
		p := s.mod + "/" + packages[key].dir
		if l, ok := imported[p]; ok {
			return l
		}
		l := packages[key].name
		if idents[l] {
			l += "pkg"
			s.note("%s: names something %q, so it imports package %s as %s", rel, packages[key].name, packages[key].name, l)
		}
		imported[p] = l
		return l
	}
	var edits []edit
	for _, mv := range pkgMoves {
		for _, im := range f.Imports {
			if p, _ := strconv.Unquote(im.Path.Value); p != s.mod+"/"+mv.oldDir {
				continue
			}
			edits = append(edits, edit{off(im.Path.Pos()), off(im.Path.End()), strconv.Quote(s.mod + "/" + mv.newDir)})
			if im.Name != nil {
				continue
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if x, ok := sel.X.(*ast.Ident); ok && x.Name == mv.oldName && x.Obj == nil {
						edits = append(edits, edit{off(x.Pos()), off(x.End()), mv.newName})
					}
				}
				return true
			})
		}
	}
	if local != "" {
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			x, ok := sel.X.(*ast.Ident)
			if !ok || x.Name != local || x.Obj != nil {
				return true
			}
			if d, ok := s.dest[sel.Sel.Name]; ok && d != "model" {
				edits = append(edits, edit{off(x.Pos()), off(x.End()), localFor(d)})
			}
			return true
		})
	}
	// String literals print moved types too ("go:*model.System", "model.Partition{…}").
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if nw := s.rewriteText(lit.Value, "model"); nw != lit.Value {
				edits = append(edits, edit{off(lit.Pos()), off(lit.End()), nw})
			}
		}
		return true
	})
	for _, cg := range f.Comments {
		lo, hi := off(cg.Pos()), off(cg.End())
		old := string(src[lo:hi])
		if nw := s.rewriteText(old, "model"); nw != old || s.movedWords(old) != old {
			nw = s.movedWords(nw)
			edits = append(edits, edit{lo, hi, nw})
		}
	}
	if len(edits) == 0 && !moved {
		return src, false, nil
	}
	text := applyEdits(src, edits, 0, len(src))
	text, err = s.fixImports(rel, text, moved)
	if err != nil {
		return nil, false, err
	}
	out, err := format.Source(text)
	if err != nil {
		return nil, false, fmt.Errorf("formatting %s: %w\n%s", rel, err, text)
	}
	return out, true, nil
}

// fixImports adds the imports of the new packages a file now uses and removes the model import
// when unused (and, in files built from model/, every unused import).
func (s *splitter) fixImports(rel string, src []byte, all bool) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, rel, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("parsing rewritten %s: %w\n%s", rel, err, src)
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && x.Obj == nil {
				used[x.Name] = true
			}
		}
		return true
	})
	type spec struct{ name, path string }
	var specs []spec
	have := map[string]bool{}
	ours := map[string]bool{}
	for _, p := range packages {
		ours[s.mod+"/"+p.dir] = true
	}
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		name := ""
		if im.Name != nil {
			name = im.Name.Name
		}
		l := name
		if l == "" {
			l = path.Base(p)
		}
		if (all || ours[p]) && name != "_" && name != "." && !used[l] {
			continue
		}
		specs = append(specs, spec{name, p})
		have[p] = true
	}
	keys := make([]string, 0, len(packages))
	for k := range packages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	self := s.mod + "/" + filepath.ToSlash(filepath.Dir(rel))
	for _, k := range keys {
		p := s.mod + "/" + packages[k].dir
		if have[p] || (p == self && !strings.HasSuffix(f.Name.Name, "_test")) {
			continue
		}
		for l := range used {
			if l == packages[k].name || l == packages[k].name+"pkg" {
				name := ""
				if l != packages[k].name {
					name = l
				}
				specs = append(specs, spec{name, p})
				have[p] = true
				break
			}
		}
	}
	var std, other []string
	for _, sp := range specs {
		line := strconv.Quote(sp.path)
		if sp.name != "" {
			line = sp.name + " " + line
		}
		if strings.Contains(strings.Split(sp.path, "/")[0], ".") {
			other = append(other, line)
		} else {
			std = append(std, line)
		}
	}
	sort.Strings(std)
	sort.Strings(other)
	var b bytes.Buffer
	if len(specs) > 0 {
		b.WriteString("import (\n")
		for _, l := range std {
			b.WriteString("\t" + l + "\n")
		}
		if len(std) > 0 && len(other) > 0 {
			b.WriteString("\n")
		}
		for _, l := range other {
			b.WriteString("\t" + l + "\n")
		}
		b.WriteString(")")
	}
	var lo, hi int
	var imps []*ast.GenDecl
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			imps = append(imps, gd)
		}
	}
	if len(imps) > 0 {
		lo, hi = off(imps[0].Pos()), off(imps[len(imps)-1].End())
	} else {
		lo = off(f.Name.End())
		hi = lo
		if b.Len() > 0 {
			b.WriteString("\n")
			b.WriteString("")
			nb := append([]byte("\n\n"), b.Bytes()...)
			b.Reset()
			b.Write(nb)
		}
	}
	return applyEdits(src, []edit{{lo, hi, b.String()}}, 0, len(src)), nil
}

// write deletes the moved files and writes the new ones.
func (s *splitter) write() error {
	var rels []string
	for rel := range s.remove {
		if _, ok := s.out[rel]; !ok {
			if err := os.Remove(filepath.Join(s.root, rel)); err != nil {
				return fmt.Errorf("removing: %w", err)
			}
		}
	}
	for _, mv := range pkgMoves {
		os.Remove(filepath.Join(s.root, mv.oldDir)) // only if empty
	}
	for rel := range s.out {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	for _, rel := range rels {
		p := filepath.Join(s.root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("writing: %w", err)
		}
		if err := os.WriteFile(p, s.out[rel], 0o644); err != nil {
			return fmt.Errorf("writing: %w", err)
		}
	}
	fmt.Printf("splitmodel: moved %d files out of model/, wrote %d files\n", len(s.remove), len(rels))
	for _, n := range s.notes {
		fmt.Println("splitmodel: note:", n)
	}
	return nil
}

// pkgNames returns the top-level names declared in the Go files of the directory rel.
func (s *splitter) pkgNames(rel string) map[string]bool {
	if names, ok := s.dirNames[rel]; ok {
		return names
	}
	names := map[string]bool{}
	entries, _ := os.ReadDir(filepath.Join(s.root, rel))
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(s.root, rel, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
				continue
			}
			for _, id := range declIdents(d) {
				names[id.Name] = true
			}
		}
	}
	s.dirNames[rel] = names
	return names
}

// movedWords renames the moved packages in text: model/modeltest → actor/actortest, and the
// word modeltest → actortest.
func (s *splitter) movedWords(text string) string {
	for _, mv := range pkgMoves {
		text = strings.ReplaceAll(text, mv.oldDir, mv.newDir)
		text = regexp.MustCompile(`\b`+mv.oldName+`\b`).ReplaceAllString(text, mv.newName)
	}
	return text
}

// movePackages moves the packages of pkgMoves, renaming their package clauses.
func (s *splitter) movePackages() error {
	for _, mv := range pkgMoves {
		dir := filepath.Join(s.root, mv.oldDir)
		entries, err := os.ReadDir(dir)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return fmt.Errorf("reading %s: %w", mv.oldDir, err)
		}
		for _, e := range entries {
			if e.IsDir() {
				return fmt.Errorf("%s/%s: moving subdirectories is not supported: move it by hand", mv.oldDir, e.Name())
			}
			src, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				return err
			}
			rel := filepath.Join(mv.oldDir, e.Name())
			nrel := filepath.Join(mv.newDir, e.Name())
			s.remove[rel] = true
			if !strings.HasSuffix(e.Name(), ".go") {
				s.out[nrel] = src
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, rel, src, parser.PackageClauseOnly)
			if err != nil {
				return fmt.Errorf("parsing %s: %w", rel, err)
			}
			o := fset.Position(f.Name.Pos()).Offset
			name := strings.Replace(f.Name.Name, mv.oldName, mv.newName, 1)
			src = applyEdits(src, []edit{{o, o + len(f.Name.Name), name}}, 0, len(src))
			if err := s.put(nrel, src, true, ""); err != nil {
				return err
			}
		}
	}
	return nil
}
