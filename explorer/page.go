package explorer

import (
	"embed"
	"html/template"
	"net/http"

	"github.com/distcheck/distcheck/counterexamples"
)

// assets are the page's files, served as they are: no build step.
//
//go:embed assets/index.html.tmpl assets/app.js assets/app.css
var assets embed.FS

var pageTemplate = template.Must(template.ParseFS(assets, "assets/index.html.tmpl"))

// page serves the explorer's page.
func (s *Server) page(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = pageTemplate.Execute(w, struct {
		Token  string
		Budget int64
		Dir    string
	}{s.token, s.opts.SearchStates, s.opts.TraceDir})
}

// asset serves one of the page's embedded files.
func (s *Server) asset(name, contentType string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		data, err := assets.ReadFile("assets/" + name)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(data)
	}
}

// diagramCSS serves the stylesheet of counterexamples' HTML page, which styles the diagram.
func (s *Server) diagramCSS(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	_, _ = w.Write([]byte(counterexamples.PageCSS()))
}
