package explorer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/distcheck/distcheck/explore"
)

// api registers the JSON API. Every POST takes a small JSON object and answers with the new
// View (or an error object); GET /api/search streams a search's progress as server-sent events.
func (s *Server) api(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/state", s.state)
	mux.HandleFunc("POST /api/choose", s.post(func(_ context.Context, in request) error { return s.sess.choose(in.Step, in.Action) }))
	mux.HandleFunc("POST /api/back", s.post(func(_ context.Context, in request) error { return s.sess.back(in.Step) }))
	mux.HandleFunc("POST /api/restart", s.post(func(_ context.Context, in request) error { return s.sess.restart(in.Init) }))
	mux.HandleFunc("POST /api/jump", s.post(func(_ context.Context, in request) error { return s.sess.jump(in.Index) }))
	mux.HandleFunc("POST /api/minimize", s.post(func(ctx context.Context, _ request) error { return s.sess.minimize(ctx) }))
	mux.HandleFunc("POST /api/open", s.post(func(_ context.Context, in request) error { return s.openFile(in.File) }))
	mux.HandleFunc("GET /api/traces", s.traces)
	mux.HandleFunc("GET /api/trace", s.download)
	mux.HandleFunc("POST /api/save", s.save)
	mux.HandleFunc("POST /api/stop", s.stopRequest)
	mux.HandleFunc("GET /api/search", s.search)
}

// request is the body of the API's POSTs; each uses the fields it needs.
type request struct {
	Step   int    `json:"step"`
	Action int    `json:"action"`
	Init   int    `json:"init"`
	Index  int    `json:"index"`
	File   string `json:"file"`
}

// apiError is the body of an error response.
type apiError struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, code int, err error) {
	writeJSON(w, code, apiError{Error: err.Error()})
}

// statusOf is the HTTP status of an error from the session.
func statusOf(err error) int {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, errStale):
		return http.StatusConflict
	case errors.Is(err, errOutside):
		return http.StatusForbidden
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	}
	return http.StatusBadRequest
}

func (s *Server) state(w http.ResponseWriter, _ *http.Request) {
	v, err := s.sess.view()
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// decode reads the request's JSON body (an empty body is an empty request).
func decode(r *http.Request) (request, error) {
	var in request
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil && !errors.Is(err, io.EOF) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return in, fmt.Errorf("request body over %d bytes: %w", tooBig.Limit, err)
		}
		return in, fmt.Errorf("request body: %w", err)
	}
	return in, nil
}

// post wraps an action: it decodes the request, runs f with a deadline of the server's write
// timeout, and answers with the new view.
func (s *Server) post(f func(context.Context, request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		in, err := decode(r)
		if err != nil {
			fail(w, statusOf(err), err)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.opts.WriteTimeout*3/4)
		defer cancel()
		if err := f(ctx, in); err != nil {
			fail(w, statusOf(err), err)
			return
		}
		s.state(w, r)
	}
}

func (s *Server) stopRequest(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]bool{"stopped": true})
	_ = http.NewResponseController(w).Flush()
	s.stop()
}

// search runs a breadth-first search from the current state, with the state budget of the
// query's "states" (default Options.SearchStates) and the time budget of its "seconds", both
// capped, and streams its progress as server-sent events: "progress" events with a Progress,
// then one "done" event with a SearchReport or one "failed" event with an error. Closing the
// stream cancels the search. One search runs at a time.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	o, err := s.searchOptions(r)
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	if !s.searching.TryLock() {
		fail(w, http.StatusConflict, errors.New("a search is running already"))
		return
	}
	defer s.searching.Unlock()
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	ctx, cancel := context.WithTimeout(r.Context(), o.Time)
	defer cancel()
	progress := make(chan explore.Stats, 1)
	o.Progress = func(st explore.Stats) {
		select {
		case progress <- st:
		default: // the stream is behind: skip this report
		}
	}
	o.ProgressEvery = s.opts.SearchProgressEvery
	type outcome struct {
		rep *SearchReport
		err error
	}
	result := make(chan outcome, 1)
	go func() {
		rep, err := s.sess.search(ctx, o)
		result <- outcome{rep, err}
	}()
	send := func(event string, v any) error {
		_ = rc.SetWriteDeadline(time.Now().Add(s.opts.WriteTimeout))
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, data); err != nil {
			return err
		}
		return rc.Flush()
	}
	for {
		select {
		case st := <-progress:
			if send("progress", progressOf(st)) != nil {
				cancel() // the page went away
			}
		case out := <-result:
			if out.err != nil {
				_ = send("failed", apiError{Error: out.err.Error()})
				return
			}
			_ = send("done", out.rep)
			return
		}
	}
}

// searchOptions reads a search's budgets from the query.
func (s *Server) searchOptions(r *http.Request) (explore.Options, error) {
	o := explore.Options{MaxStates: s.opts.SearchStates, Time: s.opts.MaxSearchTime}
	q := r.URL.Query()
	if v := q.Get("states"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 || n > s.opts.MaxSearchStates {
			return o, fmt.Errorf("states=%q: want a whole number from 1 to %d", v, s.opts.MaxSearchStates)
		}
		o.MaxStates = n
	}
	if v := q.Get("seconds"); v != "" {
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || n <= 0 || time.Duration(n*float64(time.Second)) > s.opts.MaxSearchTime {
			return o, fmt.Errorf("seconds=%q: want a number of seconds above 0, at most %v", v, s.opts.MaxSearchTime.Seconds())
		}
		o.Time = time.Duration(n * float64(time.Second))
	}
	return o, nil
}
