package explorer

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/model"
)

// Options configure a Server. The zero value is usable: defaults are filled in.
type Options struct {
	// TraceDir is where Save writes traces, and the only directory whose traces the page may
	// open. Empty means the current directory.
	TraceDir string
	// Test is the name of the test whose model is explored, if a test started the server: the
	// page then says how to replay a saved trace with go test.
	Test string
	// MaxBody bounds a request's body, in bytes (default 64 KiB).
	MaxBody int64
	// ReadTimeout bounds the reading of a request, headers and body (default 10 s), and
	// WriteTimeout the writing of a response (default 60 s; a search's stream extends it as
	// it goes, up to the search's time budget).
	ReadTimeout, WriteTimeout time.Duration
	// SearchStates is a search's default state budget (default 100,000); MaxSearchStates the
	// most the page may ask for (default 10,000,000).
	SearchStates, MaxSearchStates int64
	// MaxSearchTime bounds a search's duration (default 5 minutes).
	MaxSearchTime time.Duration
	// SearchProgressEvery is the period of a search's progress events (default 250 ms).
	SearchProgressEvery time.Duration
}

func (o Options) withDefaults() Options {
	if o.TraceDir == "" {
		o.TraceDir = "."
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 64 << 10
	}
	if o.ReadTimeout <= 0 {
		o.ReadTimeout = 10 * time.Second
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = time.Minute
	}
	if o.SearchStates <= 0 {
		o.SearchStates = 100_000
	}
	if o.MaxSearchStates <= 0 {
		o.MaxSearchStates = 10_000_000
	}
	if o.MaxSearchTime <= 0 {
		o.MaxSearchTime = 5 * time.Minute
	}
	if o.SearchProgressEvery <= 0 {
		o.SearchProgressEvery = 250 * time.Millisecond
	}
	return o
}

// Server is the explorer's web server for one model.
type Server struct {
	sess  session
	opts  Options
	token string

	searching sync.Mutex // held while a search runs: one at a time

	mu    sync.Mutex
	ln    net.Listener
	http  *http.Server
	hosts []string      // the Host headers accepted
	done  chan struct{} // closed when the page asks the server to stop
	quit  sync.Once
}

// New returns a server that explores m from its first initial state. It does not listen yet
// (see Start).
func New[S any](m model.Model[S], o Options) (*Server, error) {
	e, err := newEngine(m)
	if err != nil {
		return nil, fmt.Errorf("explorer: %w", err)
	}
	token, err := newToken()
	if err != nil {
		return nil, err
	}
	return &Server{sess: e, opts: o.withDefaults(), token: token, done: make(chan struct{})}, nil
}

// newToken returns 32 random hex digits.
func newToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("explorer: making a token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// Open makes the path of trace t the current path. The trace must be of the server's model
// and replay on it (see counterexamples.Replay); its property need not fail any more.
func (s *Server) Open(t *counterexamples.Trace) error {
	if err := s.sess.open(t); err != nil {
		return fmt.Errorf("explorer: %w", err)
	}
	return nil
}

// Start listens on a free port of 127.0.0.1 and serves in the background. It returns the
// page's URL, token included.
func (s *Server) Start() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("explorer: %w", err)
	}
	port := fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: s.opts.ReadTimeout,
		ReadTimeout:       s.opts.ReadTimeout,
		WriteTimeout:      s.opts.WriteTimeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
	}
	s.mu.Lock()
	s.ln, s.http = ln, srv
	s.hosts = []string{"127.0.0.1:" + port, "localhost:" + port}
	s.mu.Unlock()
	go srv.Serve(ln) //nolint:errcheck // Serve returns ErrServerClosed after Close
	return s.URL(), nil
}

// URL returns the page's URL with its token, or "" before Start.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return ""
	}
	return fmt.Sprintf("http://%s/?token=%s", s.hosts[0], url.QueryEscape(s.token))
}

// Wait blocks until ctx is done or the page's Stop button is pressed, then shuts the server
// down: it lets the requests under way finish for up to a second, then closes it.
func (s *Server) Wait(ctx context.Context) error {
	select {
	case <-ctx.Done():
	case <-s.done:
	}
	s.mu.Lock()
	srv := s.http
	s.mu.Unlock()
	if srv != nil {
		grace, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(grace) // what does not finish in time, Close ends
	}
	return s.Close()
}

// Close stops the server at once.
func (s *Server) Close() error {
	s.stop()
	s.mu.Lock()
	srv := s.http
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	if err := srv.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("explorer: %w", err)
	}
	return nil
}

// stop marks the server as asked to stop.
func (s *Server) stop() { s.quit.Do(func() { close(s.done) }) }

// Handler returns the server's routes behind its checks (see guard).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page)
	mux.HandleFunc("GET /app.js", s.asset("app.js", "text/javascript; charset=utf-8"))
	mux.HandleFunc("GET /app.css", s.asset("app.css", "text/css; charset=utf-8"))
	mux.HandleFunc("GET /diagram.css", s.diagramCSS)
	s.api(mux)
	return s.guard(mux)
}

// guard refuses a request whose Host header is not the server's loopback address and port
// (DNS rebinding) or that lacks the token (in the query's "token" or the X-Distcheck-Token
// header), bounds its body, and sets headers that keep the page and its token to itself.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.hostAllowed(r.Host) {
			http.Error(w, "distcheck explore: the Host header must be the loopback address the server listens on", http.StatusMisdirectedRequest)
			return
		}
		if !s.tokenOK(r) {
			http.Error(w, "distcheck explore: missing or wrong token: open the URL the command printed", http.StatusForbidden)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBody)
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
		next.ServeHTTP(w, r)
	})
}

// hostAllowed reports whether host is 127.0.0.1:port or localhost:port.
func (s *Server) hostAllowed(host string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range s.hosts {
		if host == h {
			return true
		}
	}
	return false
}

// tokenOK compares the request's token with the server's in constant time.
func (s *Server) tokenOK(r *http.Request) bool {
	got := r.Header.Get("X-Distcheck-Token")
	if got == "" {
		got = r.URL.Query().Get("token")
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(s.token)) == 1
}
