package distcheck_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestREADMEPackageMapMatchesTheTree: the README's "What exists today" names every package of
// the module (a directory holding Go files, testdata aside) as `dir/`, the root as `./`, and
// names no directory that is not a package — what `go list ./...` lists.
func TestREADMEPackageMapMatchesTheTree(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	_, section, found := strings.Cut(string(readme), "## What exists today")
	require.True(t, found, "README.md has a What exists today section")
	section, _, _ = strings.Cut(section, "\n## ")

	var packages []string
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") {
			dir := filepath.ToSlash(filepath.Dir(path)) + "/"
			if !slices.Contains(packages, dir) {
				packages = append(packages, dir)
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.Contains(t, packages, "./")
	require.Contains(t, packages, "actor/")

	named := map[string]bool{}
	for _, m := range regexp.MustCompile("`(\\./|[a-z0-9-]+(?:/[a-z0-9-]+)*/)`").FindAllStringSubmatch(section, -1) {
		named[m[1]] = true
	}
	for _, p := range packages {
		assert.True(t, named[p], "README's package map does not name `%s`", p)
	}
	for p := range named {
		assert.Contains(t, packages, p, "README's package map names `%s`, which is not a package", p)
	}
}
