package main

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// A few SVG charts drawn by hand, so that the figures need nothing but
// the standard library: horizontal bars on a log axis, and lines on log–log
// axes.

var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"}

type svgDoc struct {
	b    strings.Builder
	w, h int
}

func newSVG(w, h int, title string) *svgDoc {
	s := &svgDoc{w: w, h: h}
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", w, h, w, h)
	fmt.Fprintf(&s.b, `<rect width="%d" height="%d" fill="white"/>`+"\n", w, h)
	s.text(float64(w)/2, 20, "middle", 14, title)
	return s
}

func (s *svgDoc) text(x, y float64, anchor string, size int, t string) {
	fmt.Fprintf(&s.b, `<text x="%.1f" y="%.1f" text-anchor="%s" font-size="%d">%s</text>`+"\n", x, y, anchor, size, html.EscapeString(t))
}

func (s *svgDoc) line(x1, y1, x2, y2 float64, color string, width float64, dash bool) {
	d := ""
	if dash {
		d = ` stroke-dasharray="3,3"`
	}
	fmt.Fprintf(&s.b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="%.1f"%s/>`+"\n", x1, y1, x2, y2, color, width, d)
}

func (s *svgDoc) rect(x, y, w, h float64, color string) {
	fmt.Fprintf(&s.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`+"\n", x, y, w, h, color)
}

func (s *svgDoc) String() string { return s.b.String() + "</svg>\n" }

// logAxis maps values in [lo, hi] (widened to powers of ten) onto [a, b].
type logAxis struct{ lo, hi, a, b float64 }

func newLogAxis(vals []float64, a, b float64) logAxis {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		if v > 0 {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = 1, 10
	}
	lo = math.Pow(10, math.Floor(math.Log10(lo)))
	hi = math.Pow(10, math.Ceil(math.Log10(hi)))
	if hi <= lo {
		hi = lo * 10
	}
	return logAxis{lo, hi, a, b}
}

func (ax logAxis) at(v float64) float64 {
	v = math.Max(v, ax.lo)
	return ax.a + (ax.b-ax.a)*(math.Log10(v)-math.Log10(ax.lo))/(math.Log10(ax.hi)-math.Log10(ax.lo))
}

// decades returns the powers of ten on the axis.
func (ax logAxis) decades() []float64 {
	var out []float64
	for v := ax.lo; v <= ax.hi*1.001; v *= 10 {
		out = append(out, v)
	}
	return out
}

func fmtTick(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%gM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%gk", v/1e3)
	}
	return fmt.Sprintf("%g", v)
}

// bar is one bar of a bar chart: a value with an optional range.
type bar struct {
	label     string
	group     string // legend entry and colour
	v, lo, hi float64
}

// barChart draws horizontal bars on a log axis, one row per bar, and a
// dashed line at target when it is positive.
func barChart(title, unit string, bars []bar, target float64, targetLabel string) string {
	const left, right, top, rowH = 260, 70, 40, 26
	w := 760
	h := top + rowH*len(bars) + 50
	s := newSVG(w, h, title)
	var vals []float64
	for _, b := range bars {
		vals = append(vals, b.v, b.lo, b.hi)
	}
	if target > 0 {
		vals = append(vals, target)
	}
	ax := newLogAxis(vals, left, float64(w-right))
	for _, d := range ax.decades() {
		x := ax.at(d)
		s.line(x, top-5, x, float64(top+rowH*len(bars)), "#ccc", 1, true)
		s.text(x, float64(top+rowH*len(bars)+15), "middle", 11, fmtTick(d))
	}
	s.text(float64(left+w-right)/2, float64(h-12), "middle", 12, unit+" (log scale)")
	groups := map[string]string{}
	for i, b := range bars {
		c, ok := groups[b.group]
		if !ok {
			c = palette[len(groups)%len(palette)]
			groups[b.group] = c
		}
		y := float64(top + rowH*i)
		s.text(left-6, y+rowH/2+4, "end", 12, b.label)
		s.rect(left, y+4, ax.at(b.v)-left, rowH-8, c)
		if b.hi > b.lo {
			s.line(ax.at(b.lo), y+rowH/2, ax.at(b.hi), y+rowH/2, "black", 1.2, false)
		}
		s.text(ax.at(math.Max(b.v, b.hi))+5, y+rowH/2+4, "start", 11, fmtVal(b.v))
	}
	if target > 0 {
		x := ax.at(target)
		s.line(x, top-8, x, float64(top+rowH*len(bars)), "#d62728", 1.5, true)
		s.text(x, top-10, "middle", 11, targetLabel)
	}
	return s.String()
}

func fmtVal(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// series is one line of a line chart.
type series struct {
	name string
	x, y []float64
}

// lineChart draws lines on log–log axes.
func lineChart(title, xunit, yunit string, ss []series) string {
	const left, right, top, bottom = 70, 20, 40, 90
	w, h := 760, 420
	s := newSVG(w, h, title)
	var xs, ys []float64
	for _, se := range ss {
		xs = append(xs, se.x...)
		ys = append(ys, se.y...)
	}
	ax := newLogAxis(xs, left, float64(w-right))
	ay := newLogAxis(ys, float64(h-bottom), top)
	for _, d := range ax.decades() {
		x := ax.at(d)
		s.line(x, top, x, float64(h-bottom), "#ddd", 1, true)
		s.text(x, float64(h-bottom+15), "middle", 11, fmtTick(d))
	}
	for _, d := range ay.decades() {
		y := ay.at(d)
		s.line(left, y, float64(w-right), y, "#ddd", 1, true)
		s.text(left-5, y+4, "end", 11, fmtTick(d))
	}
	s.text(float64(left+w-right)/2, float64(h-bottom+32), "middle", 12, xunit+" (log scale)")
	fmt.Fprintf(&s.b, `<text transform="translate(16,%d) rotate(-90)" text-anchor="middle" font-size="12">%s</text>`+"\n", (top+h-bottom)/2, html.EscapeString(yunit+" (log scale)"))
	for i, se := range ss {
		c := palette[i%len(palette)]
		var pts []string
		for j := range se.x {
			x, y := ax.at(se.x[j]), ay.at(se.y[j])
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
			fmt.Fprintf(&s.b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>`+"\n", x, y, c)
		}
		fmt.Fprintf(&s.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", strings.Join(pts, " "), c)
		ly := float64(h - bottom + 50 + 16*i)
		s.line(left, ly-4, left+20, ly-4, c, 2, false)
		s.text(left+26, ly, "start", 11, se.name)
	}
	return s.String()
}
