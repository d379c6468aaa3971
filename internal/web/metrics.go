package web

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/chaperone-dev/chaperone/internal/market"
	"github.com/chaperone-dev/chaperone/policy"
)

// metrics are one Server's Prometheus metrics, on a registry of its own so
// that two servers in one process (tests) never share counters.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec   // route, code
	latency   *prometheus.HistogramVec // route
	decisions *prometheus.CounterVec   // action
	rules     *prometheus.CounterVec   // rule
	flagged   prometheus.Counter
	scanned   prometheus.Counter

	rateLimited *prometheus.CounterVec // limit
	streams     prometheus.Gauge
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chaperone_http_requests_total",
			Help: "HTTP requests answered, by route pattern and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "chaperone_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chaperone_decisions_total",
			Help: "Policy decisions returned (refusals and dry-run checks included), by action.",
		}, []string{"action"}),
		rules: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chaperone_decision_rules_total",
			Help: "Reasons in the decisions returned, by the rule that decided.",
		}, []string{"rule"}),
		flagged: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "chaperone_decisions_flagged_total",
			Help: "Decisions returned that flag the text for Trust & Safety.",
		}),
		scanned: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "chaperone_scanned_bytes_total",
			Help: "Bytes of text submitted for scanning (engine endpoints, checks and marketplace writes).",
		}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chaperone_rate_limited_total",
			Help: "Requests answered 429, by the limit they met.",
		}, []string{"limit"}),
		streams: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "chaperone_live_streams",
			Help: "Live event streams open now.",
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.decisions, m.rules, m.flagged, m.scanned, m.rateLimited, m.streams,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, a := range policy.Actions { // so that every action shows, at 0
		m.decisions.WithLabelValues(string(a))
	}
	return m
}

// handler serves the metrics in the Prometheus text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// observe records one answered request.
func (m *metrics) observe(route string, status int, seconds float64) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(seconds)
}

// countDecision counts a decision the server returns: a *market.Decision,
// a *policy.Decision or a policy.Decision.
func (s *Server) countDecision(d any) {
	var pd *policy.Decision
	switch d := d.(type) {
	case *market.Decision:
		if d != nil {
			pd = &d.Decision
		}
	case *policy.Decision:
		pd = d
	case policy.Decision:
		pd = &d
	}
	if pd == nil {
		return
	}
	s.metrics.decisions.WithLabelValues(string(pd.Action)).Inc()
	for _, r := range pd.Reasons {
		s.metrics.rules.WithLabelValues(r.Rule).Inc()
	}
	if pd.Flag {
		s.metrics.flagged.Inc()
	}
}

// countScanned adds texts' lengths to the scanned bytes.
func (s *Server) countScanned(texts ...string) {
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	s.metrics.scanned.Add(float64(n))
}
